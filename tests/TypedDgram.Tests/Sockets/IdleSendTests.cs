using System.Buffers;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// A send on a bound socket with nothing queued goes out on the caller's thread, without the queue (libuv's try-send,
/// issue 14). These tests bind their senders first, so that path runs; what they check is what the queued path
/// promises: Node's outcome, errors and order.
/// </summary>
public class IdleSendTests
{
    [Fact]
    public async Task On_an_idle_bound_socket_the_datagram_is_handed_over_before_Send_returns()
    {
        using var host = new DatagramTestHost();
        using var sender = host.CreateSocket();
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));

        sender.Send("now"u8.ToArray(), 5000, "127.0.0.1");

        var sent = Assert.Single(host.Sent);
        Assert.Equal("now"u8.ToArray(), sent.Bytes.ToArray());
        Assert.Equal(0, sender.GetSendQueueCount());
    }

    [Fact]
    public async Task The_callback_of_an_idle_send_gets_the_byte_count_after_Send_returned()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        bool returned = false;
        var done = Wait.Source<(DgramException?, int, bool)>();

        sender.Send(new byte[] { 1, 2, 3, 4, 5, 6 }, 1, 4, receiver.Port, "127.0.0.1", (error, bytes) => done.TrySetResult((error, bytes, Volatile.Read(ref returned))));
        Volatile.Write(ref returned, true);

        Assert.Equal((null, 4, true), await Wait.For(done));
        Assert.Equal(new byte[] { 2, 3, 4, 5 }, (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Text_and_lists_of_buffers_sent_on_an_idle_socket_arrive_whole()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));

        sender.Send("héllo", receiver.Port, "127.0.0.1");
        sender.Send(new[] { "ab"u8.ToArray(), "cd"u8.ToArray() }, receiver.Port, "127.0.0.1");
        int sent = await sender.SendAsync("text", receiver.Port, "127.0.0.1");

        Assert.Equal("héllo"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("abcd"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("text"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal(4, sent);
    }

    [Fact]
    public async Task A_connected_socket_sends_to_its_peer_on_the_idle_path()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.ConnectAsync(receiver.Port, "127.0.0.1"));

        sender.Send("first"u8.ToArray());
        int sent = await sender.SendAsync("second"u8.ToArray());

        Assert.Equal("first"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("second"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal(6, sent);
    }

    [Fact]
    public async Task An_idle_send_that_fails_gives_its_callback_the_error_with_address_port_and_size_and_raises_no_Error()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        bool errorRaised = false;
        sender.Error += _ => errorRaised = true;
        var failed = Wait.Source<DgramException?>();

#pragma warning disable TDG0008 // wrong on purpose: the test checks the run-time error that TDG0008 reports at compile time
        sender.Send(new byte[256 * 1024], 12345, "127.0.0.1", (error, _) => failed.TrySetResult(error));
#pragma warning restore TDG0008

        var error = await Wait.For(failed);
        Assert.NotNull(error);
        Assert.Equal("send EMSGSIZE 127.0.0.1:12345 (the datagram is 262144 bytes; UDP over IPv4 carries at most 65507)", error.Message);
        Assert.Equal(("send", "127.0.0.1", 12345), (error.Syscall, error.Address, error.Port));
        await Wait.For(sender.WhenEventsDelivered());
        Assert.False(errorRaised);
    }

    [Fact]
    public async Task An_idle_send_that_fails_without_a_callback_raises_Error()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        var failed = Wait.Source<Exception>();
        sender.Error += error => failed.TrySetResult(error);

#pragma warning disable TDG0008 // wrong on purpose: the test checks the run-time error that TDG0008 reports at compile time
        sender.Send(new byte[256 * 1024], 9, "127.0.0.1");
#pragma warning restore TDG0008

        Assert.Equal(DgramErrorCode.MessageTooLong, Assert.IsType<DgramException>(await Wait.For(failed)).Code);
    }

    [Fact]
    public async Task An_idle_SendAsync_that_fails_faults_its_task_and_the_next_send_still_goes_out()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));

#pragma warning disable TDG0008 // wrong on purpose: the test checks the run-time error that TDG0008 reports at compile time
        var error = await Assert.ThrowsAsync<DgramException>(async () => await sender.SendAsync(new byte[256 * 1024], receiver.Port, "127.0.0.1"));
#pragma warning restore TDG0008
        int sent = await sender.SendAsync("next"u8.ToArray(), receiver.Port, "127.0.0.1");

        Assert.Equal(DgramErrorCode.MessageTooLong, error.Code);
        Assert.Equal(4, sent);
        Assert.Equal("next"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task An_IPv6_address_from_a_udp4_socket_fails_with_EINVAL_in_the_callback_not_in_Send()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        var failed = Wait.Source<DgramException?>();

#pragma warning disable TDG0006 // wrong on purpose: the test checks the run-time error that TDG0006 reports at compile time
        sender.Send("x", 9, "::1", (error, _) => failed.TrySetResult(error));
#pragma warning restore TDG0006

        var error = await Wait.For(failed);
        Assert.Equal(DgramErrorCode.InvalidArgument, error?.Code);
        Assert.Equal(("send", "::1", 9), (error!.Syscall, error.Address, error.Port));
    }

    [Fact]
    public async Task A_send_waiting_for_its_lookup_keeps_its_place_before_later_sends()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        lookup.Hold();

        sender.Send("looked up", receiver.Port, "receiver.test");
        var later = sender.SendAsync("later", receiver.Port, "127.0.0.1").AsTask();
        byte[] rented = ArrayPool<byte>.Shared.Rent(8);
        "pooled"u8.CopyTo(rented);
        sender.Transport.Send(rented, 6, new TransportDestination(receiver.Port, "127.0.0.1"), null);

        Assert.Equal(3, sender.GetSendQueueCount());
        lookup.Release();
        Assert.Equal(5, await Wait.For(later));
        Assert.Equal("looked up"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("later"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("pooled"u8.ToArray(), (await receiver.NextAsync()).Msg);

        // The drain the first send held was given back: a send now completes again.
        Assert.Equal(5, await Wait.For(sender.SendAsync("again", receiver.Port, "127.0.0.1").AsTask()));
        Assert.Equal("again"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }
}

using System.Text;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class SendTests
{
    [Fact]
    public async Task Datagram_sent_to_a_bound_socket_arrives_with_its_sender()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));

        sender.Send("hello"u8.ToArray(), receiver.Port, "127.0.0.1");

        var (msg, rinfo) = await receiver.NextAsync();
        Assert.Equal("hello", Encoding.UTF8.GetString(msg));
        Assert.Equal(new RemoteInfo("127.0.0.1", "IPv4", sender.Address().Port, 5), rinfo);
    }

    [Fact]
    public async Task IPv6_datagram_arrives_with_family_IPv6()
    {
        await using var receiver = await Receiver.StartAsync("udp6");
        await using var sender = Dgram.CreateSocket("udp6");
        await Wait.For(sender.BindAsync(0, "::1"));

        sender.Send("v6", receiver.Port, "::1");

        Assert.Equal(new RemoteInfo("::1", "IPv6", sender.Address().Port, 2), (await receiver.NextAsync()).Rinfo);
    }

    [Fact]
    public async Task Callback_gets_the_number_of_bytes_sent_honouring_offset_and_length()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        var done = Wait.Source<(DgramException?, int)>();

        sender.Send(new byte[] { 1, 2, 3, 4, 5, 6 }, 1, 4, receiver.Port, "127.0.0.1", (error, bytes) => done.TrySetResult((error, bytes)));

        Assert.Equal((null, 4), await Wait.For(done));
        Assert.Equal(new byte[] { 2, 3, 4, 5 }, (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task SendAsync_completes_with_the_number_of_bytes_sent()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        int sent = await sender.SendAsync("héllo", receiver.Port, "127.0.0.1");

        Assert.Equal(6, sent);
        Assert.Equal("héllo", Encoding.UTF8.GetString((await receiver.NextAsync()).Msg));
    }

    [Fact]
    public async Task A_list_of_buffers_is_one_datagram()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        int sent = await sender.SendAsync(new[] { "Some "u8.ToArray(), "bytes"u8.ToArray() }, receiver.Port, "127.0.0.1");

        Assert.Equal(10, sent);
        Assert.Equal("Some bytes"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Zero_length_datagrams_are_delivered()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        sender.Send(Array.Empty<byte>(), receiver.Port, "127.0.0.1");
        sender.Send(Array.Empty<byte[]>(), receiver.Port, "127.0.0.1");
        sender.Send(Array.Empty<ReadOnlyMemory<byte>>(), receiver.Port, "127.0.0.1");
        sender.Send("", receiver.Port, "127.0.0.1");

        for (int i = 0; i < 4; i++)
        {
            var (msg, rinfo) = await receiver.NextAsync();
            Assert.Empty(msg);
            Assert.Equal(0, rinfo.Size);
        }
    }

    [Fact]
    public async Task Changing_the_buffer_after_Send_returns_does_not_change_the_datagram()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback().Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        byte[] buffer = "original"u8.ToArray();
        byte[] part = "list"u8.ToArray();
        var list = new List<byte[]> { part };

        sender.Send(buffer, receiver.Port, "127.0.0.1");
        sender.Send(list, receiver.Port, "127.0.0.1");
        "CHANGED!"u8.CopyTo(buffer);
        part[0] = (byte)'L';
        list.Add("more"u8.ToArray());
        lookup.Release();

        Assert.Equal("original"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("list"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Callback_is_never_invoked_inside_Send()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        int sendingThread = Environment.CurrentManagedThreadId;
        bool returned = false;
        var invokedInside = Wait.Source<bool>();

        sender.Send("x", receiver.Port, "127.0.0.1", (_, _) =>
            invokedInside.TrySetResult(Environment.CurrentManagedThreadId == sendingThread && !Volatile.Read(ref returned)));
        Volatile.Write(ref returned, true);

        Assert.False(await Wait.For(invokedInside));
    }

    [Fact]
    public async Task With_a_callback_an_error_goes_to_it_instead_of_Error()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        bool errorRaised = false;
        sender.Error += _ => errorRaised = true;
        var failed = Wait.Source<DgramException?>();

#pragma warning disable TDG0008 // wrong on purpose: the test checks the run-time error that TDG0008 reports at compile time
        sender.Send(new byte[256 * 1024], 9, "127.0.0.1", (error, _) => failed.TrySetResult(error));
#pragma warning restore TDG0008

        Assert.Equal(DgramErrorCode.MessageTooLong, (await Wait.For(failed))?.Code);
        await Wait.For(sender.WhenEventsDelivered());
        Assert.False(errorRaised);
    }

    [Fact]
    public async Task Without_a_callback_an_error_goes_to_Error()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        var failed = Wait.Source<Exception>();
        sender.Error += error => failed.TrySetResult(error);

#pragma warning disable TDG0008 // wrong on purpose: the test checks the run-time error that TDG0008 reports at compile time
        sender.Send(new byte[256 * 1024], 9, "127.0.0.1");
#pragma warning restore TDG0008

        Assert.Equal(DgramErrorCode.MessageTooLong, Assert.IsType<DgramException>(await Wait.For(failed)).Code);
    }

    [Fact]
    public async Task A_256_KiB_datagram_fails_with_EMSGSIZE_carrying_syscall_address_port_and_in_its_message_the_size_and_the_limit()
    {
        await using var sender = Dgram.CreateSocket("udp4");

#pragma warning disable TDG0008 // wrong on purpose: the test checks the run-time error that TDG0008 reports at compile time
        var error = await Assert.ThrowsAsync<DgramException>(async () => await sender.SendAsync(new byte[256 * 1024], 12345, "127.0.0.1"));
#pragma warning restore TDG0008

        Assert.Equal(DgramErrorCode.MessageTooLong, error.Code);
        Assert.Equal("send", error.Syscall);
        Assert.Equal("127.0.0.1", error.Address);
        Assert.Equal(12345, error.Port);
        Assert.Equal("send EMSGSIZE 127.0.0.1:12345 (the datagram is 262144 bytes; UDP over IPv4 carries at most 65507)", error.Message);
    }

    [Fact]
    public async Task Lookup_failure_goes_to_the_send_callback_as_ENOTFOUND()
    {
        var lookup = Lookups.Loopback();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        var failed = Wait.Source<DgramException?>();

        sender.Send("x", 9, "no-such-host.invalid", (error, _) => failed.TrySetResult(error));

        var error = await Wait.For(failed);
        Assert.NotNull(error);
        Assert.Equal(DgramErrorCode.NotFound, error.Code);
        Assert.Equal("getaddrinfo", error.Syscall);
        Assert.Equal("no-such-host.invalid", error.Address);
    }

    [Fact]
    public async Task Send_queue_is_empty_when_idle()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        Assert.Equal(0, sender.GetSendQueueSize());
        Assert.Equal(0, sender.GetSendQueueCount());

        await sender.SendAsync("abc", receiver.Port, "127.0.0.1");

        Assert.Equal(0, sender.GetSendQueueSize());
        Assert.Equal(0, sender.GetSendQueueCount());
    }

    [Fact]
    public async Task Send_queue_counts_pending_sends_and_their_bytes()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback().Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var sent = Enumerable.Range(0, 3).Select(_ => Wait.Source()).ToArray();

        sender.Send(new byte[10], receiver.Port, "receiver.test", (_, _) => sent[0].TrySetResult());
        sender.Send(new byte[20], receiver.Port, "receiver.test", (_, _) => sent[1].TrySetResult());
        sender.Send(new byte[30], receiver.Port, "receiver.test", (_, _) => sent[2].TrySetResult());

        Assert.Equal(3, sender.GetSendQueueCount());
        Assert.Equal(60, sender.GetSendQueueSize());
        lookup.Release();
        await Wait.For(Task.WhenAll(sent.Select(s => s.Task)));
        Assert.Equal(0, sender.GetSendQueueCount());
        Assert.Equal(0, sender.GetSendQueueSize());
    }

    [Fact]
    public async Task Cancelled_SendAsync_still_waiting_is_dropped()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback().Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        using var cancel = new CancellationTokenSource();

        var dropped = sender.SendAsync("dropped", receiver.Port, "127.0.0.1", cancel.Token).AsTask();
        var kept = sender.SendAsync("kept", receiver.Port, "127.0.0.1").AsTask();
        await cancel.CancelAsync();
        lookup.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.For(dropped));
        Assert.Equal(4, await Wait.For(kept));
        Assert.Equal("kept"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal(0, sender.GetSendQueueCount());
    }

    [Fact]
    public async Task Sends_pending_when_the_socket_closes_fail_with_NOT_RUNNING()
    {
        var lookup = Lookups.Loopback().Hold();
        var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var failed = Wait.Source<DgramException?>();
        sender.Send("x", 9, "127.0.0.1", (error, _) => failed.TrySetResult(error));

        sender.Close();
        lookup.Release();

        Assert.Equal(DgramErrorCode.NotRunning, (await Wait.For(failed))?.Code);
    }
}

using TypedDgram.Contracts;
using TypedDgram.Diagnostics;
using TypedDgram.Messaging;
using TypedDgram.PubSub;
using TypedDgram.Sockets;
using TypedDgram.Tests.PubSub;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Diagnostics;

[Collection(nameof(TelemetryCollection))]
public sealed class MetricsTests
{
    private static readonly long ProbeTypeId = TypeIdOf<TelemetryProbe>();

    [Fact]
    public void Instruments_are_disabled_until_a_listener_subscribes()
    {
        Assert.False(Telemetry.DatagramsReceived.Enabled);
        Assert.False(Telemetry.MessagesSent.Enabled);

        using var capture = new MeterCapture();

        Assert.True(Telemetry.DatagramsReceived.Enabled);
        Assert.True(Telemetry.MessagesSent.Enabled);
    }

    [Fact]
    public async Task Typed_sends_and_dispatches_are_counted_per_message_type_with_datagrams_and_bytes()
    {
        using var capture = new MeterCapture();
        await using var server = await BoundAsync();
        await using var client = await BoundAsync();
        var handlers = new TelemetryHandlers();
        using var attachment = server.Attach(handlers);
        var size = DatagramEnvelope.Serialize(new TelemetryProbe(0)).Length;

        for (var seq = 0; seq < 3; seq++)
        {
            await client.SendAsync(new TelemetryProbe(seq), server.Address().Port, "127.0.0.1");
            await handlers.NextAsync();
        }

        Assert.Equal(3, capture.Sum("typeddgram.messages.sent", TypedDgramTelemetry.MessageTypeTag, typeof(TelemetryProbe).FullName));
        Assert.Equal(3, await capture.WaitForAsync(3, "typeddgram.messages.dispatched", TypedDgramTelemetry.MessageTypeIdTag, ProbeTypeId));
        Assert.True(capture.Sum("typeddgram.datagrams.sent") >= 3);
        Assert.True(capture.Sum("typeddgram.bytes.sent") >= 3 * size);
        Assert.True(capture.Sum("typeddgram.datagrams.received") >= 3);
        Assert.True(capture.Sum("typeddgram.bytes.received") >= 3 * size);
    }

    [Fact]
    public async Task Malformed_and_unhandled_datagrams_are_counted()
    {
        using var capture = new MeterCapture();
        await using var server = await BoundAsync();
        server.Error += _ => { };
        await using var client = await BoundAsync();
        using var attachment = server.Attach(new TelemetryHandlers());

        await client.SendAsync(new byte[] { 0xC1 }, server.Address().Port, "127.0.0.1");
        await client.SendAsync(new TelemetryStranger(1), server.Address().Port, "127.0.0.1");

        Assert.Equal(1, await capture.WaitForAsync(1, "typeddgram.datagrams.unhandled", TypedDgramTelemetry.MessageTypeIdTag, TypeIdOf<TelemetryStranger>()));
        Assert.True(await capture.WaitForAsync(1, "typeddgram.datagrams.malformed") >= 1);
    }

    [Fact]
    public async Task Datagrams_a_full_receive_stream_drops_are_counted()
    {
        using var capture = new MeterCapture();
        await using var server = await BoundAsync();
        await using var client = await BoundAsync();
        await using var stream = server.ReceiveAsync<TelemetryProbe>(capacity: 1).GetAsyncEnumerator();
        var first = stream.MoveNextAsync();

        await client.SendAsync(new TelemetryProbe(0), server.Address().Port, "127.0.0.1");
        Assert.True(await Wait.For(first.AsTask()));

        // The consumer now holds the first and reads no more: the next fills the queue, the last two find it full.
        for (var seq = 1; seq < 4; seq++)
        {
            await client.SendAsync(new TelemetryProbe(seq), server.Address().Port, "127.0.0.1");
        }

        Assert.Equal(2, await capture.WaitForAsync(2, "typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, ProbeTypeId));
    }

    [Fact]
    public async Task Publications_a_full_SubscribeAsync_stream_drops_are_counted_with_their_reason()
    {
        using var capture = new MeterCapture();
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, StreamCapacity = 1 });
        using var cancel = new CancellationTokenSource(Wait.Timeout);
        await using var stream = bus.SubscribeAsync<TelemetryProbe>(cancel.Token).GetAsyncEnumerator();
        var first = stream.MoveNextAsync();

        await bus.PublishAsync(new TelemetryProbe(0));
        Assert.True(await Wait.For(first.AsTask()));

        // The consumer now holds the first and reads no more: the next fills the queue, the last two find it full.
        for (var seq = 1; seq < 4; seq++)
        {
            await bus.PublishAsync(new TelemetryProbe(seq));
        }

        Assert.Equal(2, await capture.WaitForAsync(2, "typeddgram.datagrams.dropped", "typeddgram.drop.reason", "subscribe_queue_full"));
        Assert.Equal(2, capture.Sum("typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, ProbeTypeId));
        Assert.Equal(2, bus.Stats.Dropped);
    }

    [Fact]
    public async Task Failed_sends_are_counted_by_error_code()
    {
        using var capture = new MeterCapture();
        await using var client = await BoundAsync();

        // Larger than any UDP datagram: the OS refuses it with EMSGSIZE, nothing leaves the machine.
#pragma warning disable TDG0008 // the run-time EMSGSIZE is what this test checks
        var error = await Assert.ThrowsAsync<DgramException>(() => client.SendAsync(new byte[70_000], 9, "127.0.0.1").AsTask());
#pragma warning restore TDG0008

        Assert.Equal(DgramErrorCode.MessageTooLong, error.Code);
        Assert.Equal(1, capture.Sum("typeddgram.send.errors", "error.code", DgramErrorCode.MessageTooLong));
    }

    private static async Task<DgramSocket> BoundAsync()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        return socket;
    }

    private static long TypeIdOf<T>()
        where T : IDatagram<T> => T.TypeId;
}

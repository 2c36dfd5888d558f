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
    public async Task Unauthenticated_datagrams_an_attachment_drops_are_counted_as_dropped_not_malformed()
    {
        using var capture = new MeterCapture();
        await using var keys = await KeyedPair.StartAsync();
        var handlers = new TelemetryHandlers();
        using var attachment = keys.Server.Attach(handlers);

        await keys.SendRawAsync(DatagramEnvelope.Serialize(new TelemetryCommand(1)));
        await keys.SendRawAsync(DatagramEnvelope.Serialize(new TelemetryProbe(1)));
        await handlers.NextAsync();

        Assert.Equal(1, await capture.WaitForAsync(1, "typeddgram.datagrams.dropped", "typeddgram.drop.reason", "unauthenticated"));
        Assert.Equal(1, capture.Sum("typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, CommandTypeId));
        Assert.Equal(0, capture.Sum("typeddgram.datagrams.malformed"));
        Assert.Equal(1, attachment.Unauthenticated);
    }

    [Fact]
    public async Task Replayed_datagrams_an_attachment_drops_are_counted_with_their_reason()
    {
        using var capture = new MeterCapture();
        await using var keys = await KeyedPair.StartAsync();
        var handlers = new TelemetryHandlers();
        using var attachment = keys.Server.Attach(handlers);
        var datagram = await keys.CaptureAsync(new TelemetryCommand(2));

        await keys.SendRawAsync(datagram);
        await keys.SendRawAsync(datagram);

        Assert.Equal(1, await capture.WaitForAsync(1, "typeddgram.datagrams.dropped", "typeddgram.drop.reason", "replayed"));
        Assert.Equal(1, capture.Sum("typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, CommandTypeId));
        Assert.Equal(new TelemetryCommand(2), await Wait.For(handlers.Commands.Reader.ReadAsync().AsTask()));
        Assert.Equal(1, attachment.Unauthenticated);
    }

    [Fact]
    public async Task Unauthenticated_datagrams_a_receive_stream_drops_are_counted_with_their_reason()
    {
        using var capture = new MeterCapture();
        await using var keys = await KeyedPair.StartAsync();
        var errors = new List<Exception>();
        keys.Server.Error += errors.Add;
        await using var stream = keys.Server.ReceiveAsync<TelemetryCommand>().GetAsyncEnumerator();
        var first = stream.MoveNextAsync();

        await keys.SendRawAsync(DatagramEnvelope.Serialize(new TelemetryCommand(3)));
        await Wait.For(keys.Client.SendAsync(new TelemetryCommand(4), keys.Server.Address().Port, "127.0.0.1").AsTask());

        Assert.True(await Wait.For(first.AsTask()));
        Assert.Equal(new TelemetryCommand(4), stream.Current.Message);
        Assert.Equal(1, await capture.WaitForAsync(1, "typeddgram.datagrams.dropped", "typeddgram.drop.reason", "unauthenticated"));
        Assert.Equal(1, capture.Sum("typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, CommandTypeId));
        Assert.Equal(0, capture.Sum("typeddgram.datagrams.malformed"));
        await keys.Server.WhenEventsDelivered();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Replayed_datagrams_a_receive_stream_drops_are_counted_with_their_reason()
    {
        using var capture = new MeterCapture();
        await using var keys = await KeyedPair.StartAsync();
        await using var stream = keys.Server.ReceiveAsync<TelemetryCommand>().GetAsyncEnumerator();
        var first = stream.MoveNextAsync();
        var datagram = await keys.CaptureAsync(new TelemetryCommand(5));

        await keys.SendRawAsync(datagram);
        await keys.SendRawAsync(datagram);

        Assert.True(await Wait.For(first.AsTask()));
        Assert.Equal(1, await capture.WaitForAsync(1, "typeddgram.datagrams.dropped", "typeddgram.drop.reason", "replayed"));
        Assert.Equal(1, capture.Sum("typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, CommandTypeId));
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

    private static readonly long CommandTypeId = TypeIdOf<TelemetryCommand>();

    private static long TypeIdOf<T>()
        where T : IDatagram<T> => T.TypeId;

    /// <summary>A server and a client sharing a key, and a keyless socket that records or sends raw bytes.</summary>
    private sealed class KeyedPair : IAsyncDisposable
    {
        private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        private readonly System.Threading.Channels.Channel<byte[]> _captured = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();

        private KeyedPair()
        {
            Raw.Message += (msg, _) => _captured.Writer.TryWrite(msg);
        }

        public DgramSocket Server { get; } = Dgram.CreateSocket("udp4").UseAuthenticationKey(Key);

        public DgramSocket Client { get; } = Dgram.CreateSocket("udp4").UseAuthenticationKey(Key);

        public DgramSocket Raw { get; } = Dgram.CreateSocket("udp4");

        public static async Task<KeyedPair> StartAsync()
        {
            var pair = new KeyedPair();
            await Wait.For(pair.Server.BindAsync(0, "127.0.0.1"));
            await Wait.For(pair.Client.BindAsync(0, "127.0.0.1"));
            await Wait.For(pair.Raw.BindAsync(0, "127.0.0.1"));
            return pair;
        }

        /// <summary>The bytes the client sends for <paramref name="command"/>, as an eavesdropper records them.</summary>
        public async Task<byte[]> CaptureAsync(TelemetryCommand command)
        {
            await Wait.For(Client.SendAsync(command, Raw.Address().Port, "127.0.0.1").AsTask());
            return await Wait.For(_captured.Reader.ReadAsync().AsTask());
        }

        public async Task SendRawAsync(byte[] datagram)
            => await Wait.For(Raw.SendAsync(datagram, Server.Address().Port, "127.0.0.1").AsTask());

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Client.DisposeAsync();
            await Raw.DisposeAsync();
        }
    }
}

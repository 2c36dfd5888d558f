using System.Security.Cryptography;
using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// [Datagram(Authenticated = true)]: a typed send appends HMAC-SHA256 under the socket's key; a receiver dispatches
/// only datagrams whose tag verifies and that it has not seen, and counts the rest without raising Error.
/// </summary>
public sealed class AuthenticationTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task A_command_from_a_socket_with_the_key_is_dispatched()
    {
        await using var pair = await Pair.StartAsync(Key, Key);

        await Wait.For(pair.Client.SendAsync(new Command(1, "open"), pair.Port, "127.0.0.1").AsTask());

        Assert.Equal(new Command(1, "open"), await FaultTests.ReadAsync(pair.Handlers.Received));
        Assert.Equal(0, pair.Attachment.Unauthenticated);
    }

    [Fact]
    public async Task Wire_form_is_the_envelope_then_sender_id_sequence_and_HMAC_of_all_before_it()
    {
        await using var pair = await Pair.StartAsync(Key, Key);
        var datagram = await pair.CaptureAsync(new Command(2, "close"));

        var envelope = DatagramEnvelope.Serialize(new Command(2, "close"));
        Assert.Equal(Convert.FromHexString("93CD02D002A5636C6F7365"), envelope);
        Assert.Equal(envelope.Length + 48, datagram.Length);
        Assert.Equal(envelope, datagram[..envelope.Length]);
        Assert.Equal(HMACSHA256.HashData(Key, datagram[..^32]), datagram[^32..]);
    }

    [Fact]
    public async Task A_command_without_a_tag_is_dropped_and_counted_without_Error()
    {
        await using var pair = await Pair.StartAsync(Key, Key);

        await pair.SendRawAsync(DatagramEnvelope.Serialize(new Command(3, "open")));
        await pair.SendRawAsync(DatagramEnvelope.Serialize(new Work(3)));

        Assert.Equal(3, await FaultTests.ReadAsync(pair.Handlers.Worked));
        Assert.False(pair.Handlers.Received.Reader.TryRead(out _));
        Assert.Equal(1, pair.Attachment.Unauthenticated);
        Assert.Equal(0, pair.Attachment.Malformed);
        await pair.Server.WhenEventsDelivered();
        Assert.Empty(pair.Errors);
    }

    [Theory]
    [InlineData(0)]   // the envelope's first byte
    [InlineData(-40)] // the sequence number
    [InlineData(-1)]  // the tag
    public async Task A_tampered_command_is_dropped_and_counted(int offset)
    {
        await using var pair = await Pair.StartAsync(Key, Key);
        var datagram = await pair.CaptureAsync(new Command(4, "open"));
        datagram[offset >= 0 ? offset : datagram.Length + offset] ^= 0x01;

        await pair.SendRawAsync(datagram);
        await pair.SendRawAsync(DatagramEnvelope.Serialize(new Work(4)));

        Assert.Equal(4, await FaultTests.ReadAsync(pair.Handlers.Worked));
        Assert.False(pair.Handlers.Received.Reader.TryRead(out _));
        Assert.Equal(1, pair.Attachment.Unauthenticated + pair.Attachment.Malformed);
    }

    [Fact]
    public async Task A_command_under_another_key_is_dropped_and_counted()
    {
        await using var pair = await Pair.StartAsync(serverKey: Key, clientKey: Enumerable.Repeat((byte)7, 32).ToArray());

        await Wait.For(pair.Client.SendAsync(new Command(5, "open"), pair.Port, "127.0.0.1").AsTask());
        await pair.SendRawAsync(DatagramEnvelope.Serialize(new Work(5)));

        Assert.Equal(5, await FaultTests.ReadAsync(pair.Handlers.Worked));
        Assert.Equal(1, pair.Attachment.Unauthenticated);
    }

    [Fact]
    public async Task A_replayed_command_is_dispatched_once()
    {
        await using var pair = await Pair.StartAsync(Key, Key);
        var datagram = await pair.CaptureAsync(new Command(6, "open"));

        await pair.SendRawAsync(datagram);
        await pair.SendRawAsync(datagram);
        await pair.SendRawAsync(DatagramEnvelope.Serialize(new Work(6)));

        Assert.Equal(6, await FaultTests.ReadAsync(pair.Handlers.Worked));
        Assert.Equal(new Command(6, "open"), await FaultTests.ReadAsync(pair.Handlers.Received));
        Assert.False(pair.Handlers.Received.Reader.TryRead(out _));
        Assert.Equal(1, pair.Attachment.Unauthenticated);
    }

    [Fact]
    public async Task A_command_replayed_after_the_handlers_are_attached_again_is_dropped_as_a_replay()
    {
        await using var pair = await Pair.StartAsync(Key, Key);
        var datagram = await pair.CaptureAsync(new Command(8, "open"));
        await pair.SendRawAsync(datagram);
        Assert.Equal(new Command(8, "open"), await FaultTests.ReadAsync(pair.Handlers.Received));
        pair.Attachment.Dispose();
        var again = new CommandHandlers();
        using var reattached = pair.Server.Attach(again);

        await pair.SendRawAsync(datagram);
        await pair.SendRawAsync(DatagramEnvelope.Serialize(new Work(8)));

        // issue 16, finding 5: replay protection was per attachment, so the new one dispatched the captured command again
        Assert.Equal(8, await FaultTests.ReadAsync(again.Worked));
        Assert.False(again.Received.Reader.TryRead(out var replayed), $"the replay was dispatched: {replayed}");
        Assert.Equal(1, reattached.Unauthenticated);
    }

    [Fact]
    public async Task A_command_replayed_to_a_new_ReceiveAsync_enumeration_is_not_yielded()
    {
        await using var pair = await Pair.StartAsync(Key, Key);
        var first = await pair.CaptureAsync(new Command(9, "open"));
        var second = await pair.CaptureAsync(new Command(10, "close"));
        await using (var stream = pair.Server.ReceiveAsync<Command>().GetAsyncEnumerator())
        {
            var next = stream.MoveNextAsync().AsTask();
            await pair.SendRawAsync(first);
            Assert.True(await Wait.For(next));
            Assert.Equal(new Command(9, "open"), stream.Current.Message);
        }

        // the README's `await foreach ... break` pattern: each enumeration is a new stream on the same socket
        await using var again = pair.Server.ReceiveAsync<Command>().GetAsyncEnumerator();
        var replayedOrNext = again.MoveNextAsync().AsTask();
        await pair.SendRawAsync(first);
        await pair.SendRawAsync(second);

        Assert.True(await Wait.For(replayedOrNext));
        Assert.Equal(new Command(10, "close"), again.Current.Message);
    }

    [Fact]
    public void Replay_window_accepts_each_sequence_once_out_of_order_within_64_and_nothing_older()
    {
        var windows = new ReplayWindows();
        Assert.True(windows.TryAccept(1, 100));
        Assert.False(windows.TryAccept(1, 100));
        Assert.True(windows.TryAccept(1, 98));      // late, inside the window
        Assert.False(windows.TryAccept(1, 98));
        Assert.True(windows.TryAccept(1, 200));
        Assert.True(windows.TryAccept(1, 137));     // 63 behind: the window's oldest slot
        Assert.False(windows.TryAccept(1, 136));    // 64 behind: too old to tell, refused
        Assert.True(windows.TryAccept(2, 100));     // another sender has its own window
    }

    [Fact]
    public async Task Sending_a_command_without_a_key_throws()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        Assert.Throws<InvalidOperationException>(() => socket.Send(new Command(7, "open"), 9, "127.0.0.1"));
    }

    [Fact]
    public void A_key_shorter_than_16_bytes_is_refused()
    {
        using var socket = Dgram.CreateSocket("udp4");
        Assert.Throws<ArgumentException>(() => socket.UseAuthenticationKey(new byte[15]));
    }

    [Fact]
    public void A_socket_takes_its_key_once()
    {
        using var socket = Dgram.CreateSocket("udp4").UseAuthenticationKey(new byte[16]);
        Assert.Throws<InvalidOperationException>(() => socket.UseAuthenticationKey(new byte[32]));
    }

    [Fact]
    public void A_closed_socket_takes_no_key()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Close();
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.UseAuthenticationKey(new byte[16])).Code);
    }

    [Fact]
    public async Task The_key_is_copied_so_changing_the_callers_array_later_changes_nothing()
    {
        var key = Enumerable.Repeat((byte)7, 32).ToArray();
        await using var pair = await Pair.StartAsync(key.ToArray(), key);
        Array.Clear(key);

        await Wait.For(pair.Client.SendAsync(new Command(1, "open"), pair.Port, "127.0.0.1").AsTask());

        Assert.Equal(new Command(1, "open"), await FaultTests.ReadAsync(pair.Handlers.Received));
    }

    private sealed class Pair : IAsyncDisposable
    {
        private readonly Channel<byte[]> _captured = Channel.CreateUnbounded<byte[]>();

        private Pair(DgramSocket server, DgramSocket client, DgramSocket capture)
        {
            Server = server;
            Client = client;
            Capture = capture;
            Handlers = new CommandHandlers();
            Attachment = server.Attach(Handlers);
            server.Error += Errors.Add;
            capture.Message += (msg, _) => _captured.Writer.TryWrite(msg);
        }

        public DgramSocket Server { get; }

        public DgramSocket Client { get; }

        public DgramSocket Capture { get; }

        public CommandHandlers Handlers { get; }

        public DatagramAttachment Attachment { get; }

        public List<Exception> Errors { get; } = [];

        public int Port => Server.Address().Port;

        public static async Task<Pair> StartAsync(byte[] serverKey, byte[] clientKey)
        {
            var pair = new Pair(
                Dgram.CreateSocket("udp4").UseAuthenticationKey(serverKey),
                Dgram.CreateSocket("udp4").UseAuthenticationKey(clientKey),
                Dgram.CreateSocket("udp4"));
            await Wait.For(pair.Server.BindAsync(0, "127.0.0.1"));
            await Wait.For(pair.Client.BindAsync(0, "127.0.0.1"));
            await Wait.For(pair.Capture.BindAsync(0, "127.0.0.1"));
            return pair;
        }

        /// <summary>The bytes the client sends for <paramref name="command"/>, as an eavesdropper records them.</summary>
        public async Task<byte[]> CaptureAsync(Command command)
        {
            await Wait.For(Client.SendAsync(command, Capture.Address().Port, "127.0.0.1").AsTask());
            return await FaultTests.ReadAsync(_captured);
        }

        public async Task SendRawAsync(byte[] datagram)
            => await Wait.For(Capture.SendAsync(datagram, Port, "127.0.0.1").AsTask());

        public async ValueTask DisposeAsync()
        {
            Attachment.Dispose();
            await Server.DisposeAsync();
            await Client.DisposeAsync();
            await Capture.DisposeAsync();
        }
    }
}

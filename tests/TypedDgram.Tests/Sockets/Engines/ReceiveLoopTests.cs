using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>The receive loops on their own: a plain OS socket under them, no DgramSocket around them.</summary>
public class ReceiveLoopTests
{
    private const string NotLinux = "the receive engine exists on 64-bit Linux only";

    private static bool Linux64 => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    public enum Kind
    {
        Portable,
        Platform,
        PlatformWithoutRecvmmsg,
        PlatformBatching,
    }

    [Theory]
    [InlineData(Kind.Portable)]
    [InlineData(Kind.Platform)]
    [InlineData(Kind.PlatformWithoutRecvmmsg)]
    [InlineData(Kind.PlatformBatching)]
    public async Task Each_datagram_is_delivered_once_in_order_with_its_sender(Kind kind)
    {
        using var harness = new Harness(kind);
        using var sender = LoopbackSocket();
        harness.Loop.Start();

        for (int i = 0; i < 20; i++)
        {
            sender.SendTo(new byte[] { (byte)i, 7 }, harness.EndPoint);
        }

        var received = await harness.TakeAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), received.Select(datagram => datagram.Bytes[0]));
        var from = (IPEndPoint)sender.LocalEndPoint!;
        Assert.All(received, datagram => Assert.Equal(new RemoteInfo("127.0.0.1", "IPv4", from.Port, 2), datagram.From));
        Assert.Empty(harness.Errors);
    }

    [Theory]
    [InlineData(Kind.Portable)]
    [InlineData(Kind.Platform)]
    public async Task Stop_Wake_and_closing_the_socket_end_the_loop_without_an_error(Kind kind)
    {
        using var harness = new Harness(kind);
        harness.Loop.Start();

        harness.Loop.Stop();
        harness.Loop.Wake();
        harness.Socket.Dispose();

        await Wait.For(harness.Loop.Completion);
        Assert.Empty(harness.Errors);
    }

    [Theory]
    [InlineData(Kind.Portable)]
    [InlineData(Kind.Platform)]
    public async Task A_loop_stopped_before_it_started_delivers_nothing_and_ends(Kind kind)
    {
        using var harness = new Harness(kind);
        using var sender = LoopbackSocket();
        sender.SendTo(new byte[] { 1 }, harness.EndPoint);

        harness.Loop.Stop();
        harness.Loop.Start();
        harness.Loop.Wake();
        harness.Socket.Dispose();

        await Wait.For(harness.Loop.Completion);
        Assert.Empty(harness.Delivered);
        Assert.Empty(harness.Errors);
    }

    [SkippableFact]
    public async Task Without_recvmmsg_the_thread_hands_over_to_the_portable_loop()
    {
        Skip.IfNot(Linux64, NotLinux);
        using var harness = new Harness(Kind.PlatformWithoutRecvmmsg);
        using var sender = LoopbackSocket();
        Assert.True(harness.Loop.UsesRecvmmsg);
        harness.Loop.Start();

        sender.SendTo(new byte[] { 1 }, harness.EndPoint);

        await harness.TakeAsync(1);
        Assert.False(harness.Loop.UsesRecvmmsg);
    }

    [Fact]
    public async Task A_handler_that_stops_the_loop_gets_no_further_datagram()
    {
        using var harness = new Harness(Kind.Platform, stopAfterFirst: true);
        using var sender = LoopbackSocket();
        for (int i = 0; i < 5; i++)
        {
            sender.SendTo(new byte[] { (byte)i }, harness.EndPoint);
        }

        harness.Loop.Start();
        await harness.TakeAsync(1);
        harness.Loop.Wake();
        harness.Socket.Dispose();

        await Wait.For(harness.Loop.Completion);
        Assert.Single(harness.Delivered);
    }

    private static Socket LoopbackSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private sealed class Harness : IDisposable
    {
        private readonly Channel<(byte[] Bytes, RemoteInfo From)> _received = Channel.CreateUnbounded<(byte[], RemoteInfo)>();

        public Harness(Kind kind, bool stopAfterFirst = false)
        {
            Socket = LoopbackSocket();
            RawDatagramHandler deliver = (datagram, from) =>
            {
                Delivered.Enqueue(datagram.ToArray());
                if (stopAfterFirst)
                {
                    Loop!.Stop();
                }
                _received.Writer.TryWrite((datagram.ToArray(), from));
            };
            Loop = kind switch
            {
                Kind.Portable => new ReceiveLoop(Socket, deliver, Errors.Enqueue),
                Kind.Platform => ReceiveLoop.Create(Socket, deliver, Errors.Enqueue, batching: false, simulateMissingBatchCalls: false),
                Kind.PlatformBatching => ReceiveLoop.Create(Socket, deliver, Errors.Enqueue, batching: true, simulateMissingBatchCalls: false),
                _ => ReceiveLoop.Create(Socket, deliver, Errors.Enqueue, batching: true, simulateMissingBatchCalls: true),
            };
        }

        public Socket Socket { get; }

        public ReceiveLoop Loop { get; }

        public IPEndPoint EndPoint => (IPEndPoint)Socket.LocalEndPoint!;

        public ConcurrentQueue<byte[]> Delivered { get; } = new();

        public ConcurrentQueue<Exception> Errors { get; } = new();

        public async Task<List<(byte[] Bytes, RemoteInfo From)>> TakeAsync(int count)
        {
            using var timeout = new CancellationTokenSource(Wait.Timeout);
            var taken = new List<(byte[], RemoteInfo)>();
            for (int i = 0; i < count; i++)
            {
                taken.Add(await _received.Reader.ReadAsync(timeout.Token));
            }
            return taken;
        }

        public void Dispose()
        {
            Loop.Stop();
            Loop.Wake();
            Socket.Dispose();
        }
    }
}

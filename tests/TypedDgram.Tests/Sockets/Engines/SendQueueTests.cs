using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>The send queue on its own: the OS socket engine under it, no DgramSocket around it.</summary>
public class SendQueueTests
{
    private const string NotLinux = "batched I/O exists on 64-bit Linux only";

    private static bool Linux64 => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Requests_leave_in_the_order_they_were_queued_and_each_callback_gets_its_byte_count(bool batching)
    {
        using var peer = new Peer();
        using var harness = new Harness(batching);
        var results = new ConcurrentQueue<(int Index, DgramException? Error, int Bytes)>();
        var done = Wait.Source();

        for (int i = 0; i < 100; i++)
        {
            int index = i;
            harness.Send([(byte)i, 1, 2], peer.Port, canSend: true, (error, bytes) =>
            {
                results.Enqueue((index, error, bytes));
                if (results.Count == 100)
                {
                    done.TrySetResult();
                }
            });
        }

        await Wait.For(done);
        Assert.Equal(Enumerable.Range(0, 100), results.Select(result => result.Index));
        Assert.All(results, result => Assert.Equal((null, 3), (result.Error, result.Bytes)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), peer.Take(100).Select(datagram => datagram[0]));
        Assert.Equal((0, 0), (harness.Queue.PendingCount, harness.Queue.PendingBytes));
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public async Task Nothing_leaves_before_sending_may_start_and_everything_leaves_in_order_after()
    {
        using var peer = new Peer();
        using var harness = new Harness(batching: false);
        for (int i = 0; i < 3; i++)
        {
            harness.Send([(byte)i], peer.Port, canSend: false, callback: null);
        }

        Assert.Equal((3, 3), (harness.Queue.PendingCount, harness.Queue.PendingBytes));
        Assert.False(peer.AnyWithin(TimeSpan.FromMilliseconds(200)));

        harness.StartIfIdle();

        Assert.Equal([0, 1, 2], peer.Take(3).Select(datagram => (int)datagram[0]));
        await harness.WhenEmptyAsync();
    }

    [Fact]
    public async Task Close_takes_what_is_queued_and_each_waiting_send_hears_NOT_RUNNING_but_Error_does_not()
    {
        using var harness = new Harness(batching: false);
        var callback = Wait.Source<DgramException?>();
        harness.Send([1], 9, canSend: false, (error, _) => callback.TrySetResult(error));
        var awaited = harness.SendAsync([2], 9, canSend: false, CancellationToken.None);
        harness.Send([3], 9, canSend: false, callback: null);

        List<SendRequest> taken;
        lock (harness.Gate)
        {
            taken = harness.Queue.CloseLocked();
        }
        harness.Queue.FailAll(taken, DgramErrors.NotRunning());

        Assert.Equal(3, taken.Count);
        Assert.Equal(DgramErrorCode.NotRunning, (await Wait.For(callback))?.Code);
        Assert.Equal(DgramErrorCode.NotRunning, (await Assert.ThrowsAsync<DgramException>(async () => await awaited)).Code);
        Assert.Equal((0, 0), (harness.Queue.PendingCount, harness.Queue.PendingBytes));
        Assert.True(harness.Queue.IsClosed);
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public async Task A_send_error_goes_to_the_callback_or_else_to_Error()
    {
        using var harness = new Harness(batching: false);
        var callback = Wait.Source<DgramException?>();
        var reported = Wait.Source<Exception>();
        harness.OnError = error => reported.TrySetResult(error);

        harness.Send(new byte[256 * 1024], 9, canSend: true, (error, _) => callback.TrySetResult(error));
        harness.Send(new byte[256 * 1024], 9, canSend: true, callback: null);

        Assert.Equal(DgramErrorCode.MessageTooLong, (await Wait.For(callback))?.Code);
        Assert.Equal(DgramErrorCode.MessageTooLong, Assert.IsType<DgramException>(await Wait.For(reported)).Code);
    }

    [Fact]
    public async Task A_request_cancelled_while_queued_is_dropped_and_the_others_still_leave()
    {
        using var peer = new Peer();
        using var harness = new Harness(batching: false);
        using var cancel = new CancellationTokenSource();
        harness.Send([1], peer.Port, canSend: false, callback: null);
        var cancelled = harness.SendAsync([2], peer.Port, canSend: false, cancel.Token);
        harness.Send([3], peer.Port, canSend: false, callback: null);

        cancel.Cancel();
        harness.StartIfIdle();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        Assert.Equal([1, 3], peer.Take(2).Select(datagram => (int)datagram[0]));
        await harness.WhenEmptyAsync();
    }

    [SkippableFact]
    public async Task Without_sendmmsg_the_batched_drain_hands_over_to_one_at_a_time_for_good()
    {
        Skip.IfNot(Linux64, NotLinux);
        using var peer = new Peer();
        using var harness = new Harness(batching: true);
        Assert.True(harness.Queue.BatchingSends);
        harness.Queue.SimulateMissingBatchCalls();

        var sent = new List<ValueTask<int>>();
        for (int i = 0; i < 50; i++)
        {
            sent.Add(harness.SendAsync([(byte)i], peer.Port, canSend: true, CancellationToken.None));
        }
        foreach (var send in sent)
        {
            Assert.Equal(1, await send);
        }

        Assert.False(harness.Queue.BatchingSends);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i), peer.Take(50).Select(datagram => datagram[0]));
    }

    /// <summary>A send queue over a bound loopback OS socket engine, with the state lock and event queue a DgramSocket would give it.</summary>
    private sealed class Harness : IDisposable
    {
        private readonly OsSocketEngine _socket = new(AddressFamily.InterNetwork, ipv6Only: false);

        public Harness(bool batching)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0), reuseAddress: false, reusePort: false);
            var resolver = new AddressResolver(AddressFamily.InterNetwork, null);
            var events = new EventQueue(Report);
            Queue = new SendQueue(Gate, _socket, new SendDestinations(resolver, () => throw SystemErrors.Create("EDESTADDRREQ", "send")), events, Report, batching);
        }

        public Lock Gate { get; } = new();

        public SendQueue Queue { get; }

        public ConcurrentQueue<Exception> Errors { get; } = new();

        public Action<Exception>? OnError { get; set; }

        public void Send(byte[] payload, int port, bool canSend, SendCallback? callback) =>
            Enqueue(Queue.Copy(OutgoingMessage.From(payload), 0, payload.Length, port, "127.0.0.1", callback), canSend);

        public ValueTask<int> SendAsync(byte[] payload, int port, bool canSend, CancellationToken cancellationToken)
        {
            var request = Queue.Copy(OutgoingMessage.From(payload), 0, payload.Length, port, "127.0.0.1", null);
            var completion = request.AsValueTask(cancellationToken);
            Enqueue(request, canSend);
            return completion;
        }

        public void StartIfIdle()
        {
            bool drain;
            lock (Gate)
            {
                drain = Queue.TryBeginDrainLocked(canSend: true);
            }
            if (drain)
            {
                Queue.StartDrain();
            }
        }

        public async Task WhenEmptyAsync()
        {
            using var timeout = new CancellationTokenSource(Wait.Timeout);
            while (Queue.PendingCount > 0)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        public void Dispose() => _socket.Dispose();

        private void Enqueue(SendRequest request, bool canSend)
        {
            bool drain;
            lock (Gate)
            {
                drain = Queue.EnqueueLocked(request, canSend);
            }
            if (drain)
            {
                Queue.StartDrain();
            }
        }

        private void Report(Exception error)
        {
            Errors.Enqueue(error);
            OnError?.Invoke(error);
        }
    }

    /// <summary>A plain OS socket on a loopback port that reads what arrives, with a timeout.</summary>
    private sealed class Peer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        public Peer()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _socket.ReceiveTimeout = (int)Wait.Timeout.TotalMilliseconds;
        }

        public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

        public List<byte[]> Take(int count)
        {
            var buffer = new byte[65536];
            var datagrams = new List<byte[]>();
            for (int i = 0; i < count; i++)
            {
                int received = _socket.Receive(buffer);
                datagrams.Add(buffer[..received]);
            }
            return datagrams;
        }

        /// <summary>True when a datagram arrives within <paramref name="within"/>; used only to show that nothing arrives.</summary>
        public bool AnyWithin(TimeSpan within) => _socket.Poll(within, SelectMode.SelectRead);

        public void Dispose() => _socket.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// The shared receive poller on its own (64-bit Linux): each test makes a poller of its own and plain OS sockets, so
/// what it counts (threads, wake-ups) is its own.
/// </summary>
public sealed class ReceivePollerTests : IDisposable
{
    private const string NotLinux = "the receive poller exists on 64-bit Linux only";

    private readonly List<Socket> _sockets = [];
    private readonly List<ReceiveLoop> _loops = [];
    private readonly ConcurrentQueue<Exception> _errors = new();

    private static bool Linux64 => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [SkippableFact]
    public async Task Three_hundred_sockets_are_served_by_one_thread()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        var delivered = new ConcurrentDictionary<int, byte>();
        var all = Wait.Source();
        var receivers = Enumerable.Range(0, 300).Select(i => Receive(poller, (datagram, _) =>
        {
            delivered[i] = datagram[0];
            if (delivered.Count == 300)
            {
                all.TrySetResult();
            }
        })).ToList();
        using var sender = Loopback();

        for (int i = 0; i < receivers.Count; i++)
        {
            sender.SendTo(new[] { (byte)i }, receivers[i].LocalEndPoint!);
        }

        await Wait.For(all);
        Assert.All(delivered, pair => Assert.Equal((byte)pair.Key, pair.Value));
        Assert.Equal(300, poller.Sockets);
        // One thread; waited for, since a thread preempted mid-turn on a loaded machine may look blocked to the
        // watchdog for a moment, and the thread it then adds ends once that socket's queue is empty.
        Assert.True(SpinWait.SpinUntil(() => poller.Threads == 1, Wait.Timeout), $"{poller.Threads} threads");
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public void Sending_from_a_socket_in_the_engine_never_wakes_it()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        var socket = Receive(poller, (_, _) => { });
        using var sink = Loopback();
        sink.ReceiveTimeout = (int)Wait.Timeout.TotalMilliseconds;

        for (int i = 0; i < 200; i++)
        {
            socket.SendTo(new byte[] { 1, 2, 3 }, sink.LocalEndPoint!);
        }

        // Every datagram has left the socket once the sink has read it: a wake-up on "writable" would have come by then.
        var buffer = new byte[16];
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(3, sink.Receive(buffer));
        }
        Assert.Equal(0, poller.Wakeups);
    }

    [SkippableFact]
    public async Task A_flooded_socket_does_not_starve_one_that_was_ready_at_the_same_time()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        const int flood = 200;
        int floodedSoFar = 0;
        var quietDelivered = Wait.Source<int>();
        var floodDone = Wait.Source();
        var flooded = Unstarted((_, _) =>
        {
            if (Interlocked.Increment(ref floodedSoFar) == flood)
            {
                floodDone.TrySetResult();
            }
        });
        var quiet = Unstarted((_, _) => quietDelivered.TrySetResult(Volatile.Read(ref floodedSoFar)));
        flooded.Socket.ReceiveBufferSize = 1 << 20;
        using var sender = Loopback();
        for (int i = 0; i < flood; i++)
        {
            sender.SendTo(new byte[] { 1 }, flooded.Socket.LocalEndPoint!);
        }
        sender.SendTo(new byte[] { 2 }, quiet.Socket.LocalEndPoint!);
        Assert.True(SpinWait.SpinUntil(() => flooded.Socket.Available > 0 && quiet.Socket.Available > 0, Wait.Timeout));

        flooded.Start(poller);
        quiet.Start(poller);

        int floodedBeforeQuiet = await Wait.For(quietDelivered);
        await Wait.For(floodDone);
        // A turn is at most CallsPerTurn calls of 16: the quiet socket comes within two turns of the flooded one, and
        // in any case before all of it.
        Assert.InRange(floodedBeforeQuiet, 0, Math.Min(flood - 1, 2 * ReceivePoller.CallsPerTurn * BatchReceiver.BatchSlots));
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public async Task A_burst_larger_than_the_turn_budget_is_all_delivered_in_order()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        int burst = (3 * TurnBudget) + 5;
        var delivered = new ConcurrentQueue<int>();
        var all = Wait.Source();
        var receiver = Unstarted((datagram, _) =>
        {
            delivered.Enqueue(BitConverter.ToUInt16(datagram));
            if (delivered.Count == burst)
            {
                all.TrySetResult();
            }
        });
        receiver.Socket.ReceiveBufferSize = 1 << 20;
        using var sender = Loopback();
        for (int i = 0; i < burst; i++)
        {
            sender.SendTo(BitConverter.GetBytes((ushort)i), receiver.Socket.LocalEndPoint!);
        }
        // All of it waits before the first turn, so that turn ends on its budget with the rest still queued.
        Assert.True(SpinWait.SpinUntil(() => receiver.Socket.Available > 0, Wait.Timeout));

        receiver.Start(poller);

        await Wait.For(all);
        Assert.Equal(Enumerable.Range(0, burst), delivered);
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public async Task Two_busy_sockets_take_turns_until_both_are_empty()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        const int each = 200;
        var order = new ConcurrentQueue<char>();
        var all = Wait.Source();
        Receiver? second = null;
        void Record(char which)
        {
            order.Enqueue(which);
            if (order.Count == 2 * each)
            {
                all.TrySetResult();
            }
        }
        var first = Unstarted((_, _) =>
        {
            // The second socket joins the set during the first one's first turn (on the poller's thread, so without
            // a race): from then on both are ready, with most of their datagrams still waiting.
            if (order.IsEmpty)
            {
                second!.Start(poller);
            }
            Record('a');
        });
        second = Unstarted((_, _) => Record('b'));
        using var sender = Loopback();
        foreach (var receiver in new[] { first, second })
        {
            receiver.Socket.ReceiveBufferSize = 1 << 20;
            for (int i = 0; i < each; i++)
            {
                sender.SendTo(new byte[] { 1 }, receiver.Socket.LocalEndPoint!);
            }
        }
        Assert.True(SpinWait.SpinUntil(() => first.Socket.Available > 0 && second.Socket.Available > 0, Wait.Timeout));

        first.Start(poller);

        await Wait.For(all);
        // While both had datagrams waiting, neither had more than two turns in a row (epoll reports ready sockets in
        // the order they became ready, so it is one turn in practice); only the run that empties the last socket may
        // be longer.
        var runs = Runs([.. order]);
        Assert.True(runs.Length >= 4, $"the sockets alternated only {runs.Length - 1} times");
        Assert.All(runs[..^1], run => Assert.InRange(run, 1, 2 * TurnBudget));
        Assert.Equal(each, order.Count(c => c == 'a'));
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public async Task A_turn_that_finds_nothing_waiting_leaves_the_socket_in_the_poller()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        var delivered = Wait.Source<byte>();
        var receiver = Unstarted((datagram, _) => delivered.TrySetResult(datagram[0]));
        receiver.Start(poller);
        Assert.True(SpinWait.SpinUntil(() => poller.Sockets == 1, Wait.Timeout));

        // A turn on an empty queue: recvmmsg answers EAGAIN, as when a readiness was stale by the time the turn came.
        var loop = (PolledReceiveLoop)receiver.Loop;
        loop.ServeTurn(new BatchReceiver(), new ReceivePoller.Worker(), ReceivePoller.CallsPerTurn);

        Assert.False(loop.Completion.IsCompleted);
        Assert.Equal(1, poller.Sockets);
        using var sender = Loopback();
        sender.SendTo(new byte[] { 7 }, receiver.Socket.LocalEndPoint!);
        Assert.Equal(7, await Wait.For(delivered));
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public async Task A_blocked_handler_holds_up_only_its_own_socket_whose_datagrams_then_arrive_in_order()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        var release = new ManualResetEventSlim();
        var blocking = Wait.Source();
        var slowDelivered = new ConcurrentQueue<byte>();
        var slowAll = Wait.Source();
        var slowAfterPutBack = Wait.Source();
        var slow = Receive(poller, (datagram, _) =>
        {
            if (datagram[0] == 0)
            {
                blocking.TrySetResult();
                release.Wait(Wait.Timeout);
            }
            slowDelivered.Enqueue(datagram[0]);
            if (slowDelivered.Count == 20)
            {
                slowAll.TrySetResult();
            }
            if (slowDelivered.Count == 21)
            {
                slowAfterPutBack.TrySetResult();
            }
        });
        var otherDelivered = Wait.Source();
        var other = Receive(poller, (_, _) => otherDelivered.TrySetResult());
        using var sender = Loopback();

        sender.SendTo(new byte[] { 0 }, slow.LocalEndPoint!);
        await Wait.For(blocking);
        for (int i = 1; i < 20; i++)
        {
            sender.SendTo(new[] { (byte)i }, slow.LocalEndPoint!);
        }
        sender.SendTo(new byte[] { 9 }, other.LocalEndPoint!);

        await Wait.For(otherDelivered);
        Assert.False(release.IsSet);
        Assert.True(poller.Threads >= 2, "the blocked thread and the one that took the set over");

        release.Set();
        await Wait.For(slowAll);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), slowDelivered);

        // Its queue empty, the socket is back in the set and the extra thread gone; the socket still receives there.
        Assert.True(SpinWait.SpinUntil(() => poller.Threads == 1, Wait.Timeout), $"still {poller.Threads} threads");
        sender.SendTo(new byte[] { 20 }, slow.LocalEndPoint!);
        await Wait.For(slowAfterPutBack);
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public async Task A_socket_closed_while_its_handler_runs_gets_nothing_more_and_the_others_go_on()
    {
        Skip.IfNot(Linux64, NotLinux);
        var poller = NewPoller();
        var inHandler = Wait.Source();
        var release = new ManualResetEventSlim();
        int closedDelivered = 0;
        var closing = Unstarted((_, _) =>
        {
            Interlocked.Increment(ref closedDelivered);
            inHandler.TrySetResult();
            release.Wait(Wait.Timeout);
        });
        closing.Start(poller);
        var otherDelivered = Wait.Source();
        var other = Receive(poller, (_, _) => otherDelivered.TrySetResult());
        using var sender = Loopback();
        for (int i = 0; i < 5; i++)
        {
            sender.SendTo(new[] { (byte)i }, closing.Socket.LocalEndPoint!);
        }
        await Wait.For(inHandler);

        closing.Loop.Stop();
        closing.Loop.Wake();
        closing.Socket.Dispose();
        Assert.False(closing.Loop.Completion.IsCompleted);
        release.Set();

        await Wait.For(closing.Loop.Completion);
        Assert.Equal(1, closedDelivered);
        sender.SendTo(new byte[] { 1 }, other.LocalEndPoint!);
        await Wait.For(otherDelivered);
        Assert.Equal(1, poller.Sockets);
        Assert.Empty(_errors);
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Stop();
            loop.Wake();
        }
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }

    // The most datagrams one socket's turn reads before the other ready sockets have theirs.
    private const int TurnBudget = ReceivePoller.CallsPerTurn * BatchReceiver.BatchSlots;

    // The lengths of the runs of equal elements: "aaabba" is 3, 2, 1.
    private static int[] Runs(char[] sequence)
    {
        var runs = new List<int>();
        for (int i = 0; i < sequence.Length; i++)
        {
            if (i == 0 || sequence[i] != sequence[i - 1])
            {
                runs.Add(0);
            }
            runs[^1]++;
        }
        return [.. runs];
    }

    private static ReceivePoller NewPoller() => ReceivePoller.Create() ?? throw new InvalidOperationException("no epoll set");

    private static Socket Loopback()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A loopback socket in <paramref name="poller"/>, receiving into <paramref name="handler"/> (a copy of each datagram).</summary>
    private Socket Receive(ReceivePoller poller, Action<byte[], RemoteInfo> handler)
    {
        var receiver = Unstarted(handler);
        receiver.Start(poller);
        return receiver.Socket;
    }

    private Receiver Unstarted(Action<byte[], RemoteInfo> handler)
    {
        var socket = Loopback();
        _sockets.Add(socket);
        return new Receiver(this, socket, handler);
    }

    private sealed class Receiver(ReceivePollerTests test, Socket socket, Action<byte[], RemoteInfo> handler)
    {
        public Socket Socket { get; } = socket;

        public ReceiveLoop Loop { get; private set; } = null!;

        public void Start(ReceivePoller poller)
        {
            Loop = new PolledReceiveLoop(poller, Socket, (datagram, from) => handler(datagram.ToArray(), from), test._errors.Enqueue, batching: false);
            test._loops.Add(Loop);
            Loop.Start();
        }
    }
}

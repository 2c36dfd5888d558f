using System.Runtime.InteropServices;

namespace TypedDgram.Sockets;

/// <summary>
/// Receives for many sockets on one thread, as .NET's own <c>SocketAsyncEngine</c> and Node's event loop do: one
/// <see cref="EpollSet"/> that every socket of the poller is in, and one thread that sleeps in <c>epoll_wait</c> and, for
/// each ready socket, reads what is waiting with non-blocking <c>recvmmsg</c> and runs its handlers
/// (<see cref="PolledReceiveLoop"/>). Threads and buffers belong to the poller, so 10,000 sockets cost what one does.
/// </summary>
/// <remarks>
/// <para>
/// Sockets are in the set for <c>EPOLLIN</c> only, level-triggered: a send never wakes the poller (waking a thread for
/// every datagram sent, as .NET's engine does once a receive is pending on the socket, was the sender's largest cost), and
/// a socket that still has datagrams after its turn is simply reported again by the next <c>epoll_wait</c>, behind the
/// others that were ready.
/// </para>
/// <para>
/// Fairness: a turn is at most <see cref="CallsPerTurn"/> calls of up to <see cref="BatchReceiver.BatchSlots"/>
/// datagrams, so a flooded socket cannot starve the others; a call that returns fewer datagrams than it had room for
/// ends the turn, since the queue was empty.
/// </para>
/// <para>
/// Handlers: each socket's handlers run on the poller's thread, one datagram at a time and in order (Node's promise).
/// A handler that blocks would hold up every other socket of the poller, so a watchdog looks every
/// <see cref="StallCheckPeriod"/>: when the thread has been inside one socket's turn for a whole period without finishing
/// a datagram, that socket leaves the set and keeps the thread, which goes on serving it alone until its queue is empty
/// and then puts it back in the set and ends; a new thread takes over the set at once. Per-socket order holds because a
/// socket is in the set or owned by the thread serving it, never both. So the poller has one thread, plus one for each
/// handler that is blocked at the time (as the thread pool injects a thread when its work items block), plus the
/// watchdog's.
/// </para>
/// <para>
/// The watchdog is a thread of its own that sleeps between looks, not a <see cref="Timer"/>: a timer's callback runs on
/// the thread pool, whose worker then spins before it sleeps again, and measured, that was about 290 <c>sched_yield</c>
/// calls per look (2,900 a second in an idle process, 0.2-0.5 per datagram received under load: more system calls than
/// the receiving itself).
/// </para>
/// </remarks>
internal sealed class ReceivePoller
{
    /// <summary>The most <c>recvmmsg</c> calls one socket makes in one turn before the other ready sockets have theirs.</summary>
    internal const int CallsPerTurn = 4;

    /// <summary>How long a handler may run before the poller moves its socket to a thread of its own; between one and two periods in practice.</summary>
    internal static readonly TimeSpan StallCheckPeriod = TimeSpan.FromMilliseconds(100);

    // One poller per four cores: .NET's SocketAsyncEngine serves every socket of a small machine from one thread too, and
    // handlers of sockets in different pollers can run in parallel on a larger one.
    private static readonly int SharedCount = Math.Max(1, Environment.ProcessorCount / 4);
    private static readonly Lazy<ReceivePoller?[]> Shared = new(() => Enumerable.Range(0, SharedCount).Select(_ => Create()).ToArray());
    private static int s_nextShared;

    // Ready sockets one epoll_wait may report: as many are served per wake-up.
    private const int EventCapacity = 128;

    private readonly EpollSet _set;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, PolledReceiveLoop> _sockets = [];

    // Set while the poller has sockets: the watchdog sleeps on it otherwise.
    private readonly ManualResetEventSlim _watching = new();
    private Thread? _watchdog;
    private ulong _lastToken;
    private Worker? _worker;
    private int _threads;
    private long _wakeups;

    private ReceivePoller(EpollSet set)
    {
        _set = set;
    }

    /// <summary>The threads of this poller alive now: one once a socket was added, plus one per handler blocked at the time.</summary>
    public int Threads => Volatile.Read(ref _threads);

    /// <summary>How many times <c>epoll_wait</c> has returned ready sockets: what a send must never cause.</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>The sockets in the poller now.</summary>
    public int Sockets
    {
        get
        {
            lock (_gate)
            {
                return _sockets.Count;
            }
        }
    }

    /// <summary>A new poller of its own (tests use one; sockets share <see cref="ForNextSocket"/>); null where the system gives no epoll set.</summary>
    public static ReceivePoller? Create() => EpollSet.Create() is { } set ? new ReceivePoller(set) : null;

    /// <summary>One of the process's shared pollers, taken in turn; null where the system gives none (the socket then uses the portable loop).</summary>
    public static ReceivePoller? ForNextSocket()
    {
        var pollers = Shared.Value;
        return pollers[(int)((uint)Interlocked.Increment(ref s_nextShared) % (uint)pollers.Length)];
    }

    /// <summary>
    /// Puts <paramref name="loop"/> in the set (its thread starts with the first socket). Returns 0, or the errno of a set
    /// that refused it (ENOSPC past <c>max_user_watches</c>); throws <see cref="ObjectDisposedException"/> when the socket is closed.
    /// </summary>
    internal int Add(PolledReceiveLoop loop, SafeHandle socket)
    {
        ulong token;
        lock (_gate)
        {
            token = ++_lastToken;
            _sockets.Add(token, loop);
            if (_sockets.Count == 1)
            {
                _watching.Set();
            }
            _worker ??= StartWorkerLocked();
            _watchdog ??= StartWatchdogLocked();
        }
        loop.Token = token;
        int error;
        try
        {
            error = _set.Add(socket, token);
        }
        catch (ObjectDisposedException)
        {
            Forget(token);
            throw;
        }
        if (error != 0)
        {
            Forget(token);
        }
        return error;
    }

    /// <summary>Puts back a socket that a thread of its own served meanwhile (see the remarks); the errno as for <see cref="Add"/>.</summary>
    internal int PutBack(PolledReceiveLoop loop, SafeHandle socket) => _set.Add(socket, loop.Token);

    /// <summary>Takes <paramref name="loop"/> out of the poller for good; no event of it is served after this.</summary>
    internal void Remove(PolledReceiveLoop loop, SafeHandle socket)
    {
        _set.Remove(socket);
        Forget(loop.Token);
    }

    private void Forget(ulong token)
    {
        lock (_gate)
        {
            if (_sockets.Remove(token) && _sockets.Count == 0)
            {
                _watching.Reset();
            }
        }
    }

    private Worker StartWorkerLocked()
    {
        var worker = new Worker();
        Interlocked.Increment(ref _threads);
        var thread = new Thread(static state =>
        {
            var (poller, worker) = ((ReceivePoller, Worker))state!;
            poller.Serve(worker);
        })
        {
            IsBackground = true,
            Name = "TypedDgram receive",
        };
        thread.UnsafeStart((this, worker));
        return worker;
    }

    private Thread StartWatchdogLocked()
    {
        var thread = new Thread(static poller => ((ReceivePoller)poller!).Watch())
        {
            IsBackground = true,
            Name = "TypedDgram watchdog",
        };
        thread.UnsafeStart(this);
        return thread;
    }

    /// <summary>The watchdog's thread: a look every <see cref="StallCheckPeriod"/> while the poller has sockets.</summary>
    private void Watch()
    {
        while (true)
        {
            _watching.Wait();
            Thread.Sleep(StallCheckPeriod);
            CheckForStall();
        }
    }

    /// <summary>The poller's thread: wait for ready sockets, give each its turn; leave once the watchdog handed the set on.</summary>
    private void Serve(Worker self)
    {
        var receiver = new BatchReceiver();
        var events = EpollSet.NewEventBuffer(EventCapacity);
        try
        {
            while (true)
            {
                int ready = _set.Wait(events);
                if (ready == -LinuxSyscalls.EINTR)
                {
                    continue;
                }
                if (ready < 0)
                {
                    // epoll_wait fails otherwise only on a bad descriptor or buffer: a bug here, not a condition to survive.
                    throw new InvalidOperationException($"epoll_wait failed with errno {-ready}; the receive poller cannot go on.");
                }
                Interlocked.Increment(ref _wakeups);

                for (int i = 0; i < ready; i++)
                {
                    PolledReceiveLoop? loop;
                    lock (_gate)
                    {
                        // A socket removed since epoll_wait returned (closed) has no entry: its event is stale.
                        if (!_sockets.TryGetValue(EpollSet.TokenAt(events, i), out loop))
                        {
                            continue;
                        }
                        self.Current = loop;
                    }

                    loop.ServeTurn(receiver, self, CallsPerTurn);

                    bool detached;
                    lock (_gate)
                    {
                        self.Current = null;
                        detached = self.Detached;
                    }
                    if (detached)
                    {
                        // The rest of this batch is the new thread's: level-triggered, it hears of those sockets again.
                        loop.ServeAlone(receiver, self);
                        return;
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _threads);
        }
    }

    /// <summary>The watchdog: hands the set to a new thread when the current one has made no progress in one socket's turn for a whole period.</summary>
    private void CheckForStall()
    {
        lock (_gate)
        {
            if (_worker is not { } worker)
            {
                return;
            }
            var current = worker.Current;
            long delivered = Volatile.Read(ref worker.Delivered);
            bool stalled = current is not null && ReferenceEquals(current, worker.SeenCurrent) && delivered == worker.SeenDelivered;
            worker.SeenCurrent = current;
            worker.SeenDelivered = delivered;
            if (!stalled)
            {
                return;
            }

            // Out of the set before the new thread waits on it, so that the socket is never served by two threads.
            current!.LeaveSet(_set);
            worker.Detached = true;
            _worker = StartWorkerLocked();
        }
    }

    /// <summary>What the watchdog knows of a thread of the poller.</summary>
    internal sealed class Worker
    {
        /// <summary>Datagrams this thread has delivered; the watchdog's sign of progress.</summary>
        public long Delivered;

        /// <summary>The senders this thread has seen, for every socket it serves.</summary>
        public PeerCache Peers { get; } = new();

        /// <summary>The socket whose turn it is (set and read under the poller's lock), null while waiting.</summary>
        public PolledReceiveLoop? Current;

        /// <summary>Set by the watchdog: the socket of the current turn is this thread's alone now, and the set another's.</summary>
        public bool Detached;

        public PolledReceiveLoop? SeenCurrent;
        public long SeenDelivered;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TypedDgram.Sockets;

/// <summary>
/// A socket's receive loop on 64-bit Linux: the socket is in a shared <see cref="ReceivePoller"/>, whose thread gives it
/// turns when datagrams wait, reads them with non-blocking <c>recvmmsg</c> (up to 16 per call; with
/// <see cref="SocketOptions.Batching"/> also UDP GRO runs) and runs its handlers, one datagram at a time and in order.
/// No thread, buffer or descriptor of its own: what a socket costs here is this object.
/// </summary>
/// <remarks>
/// Why not .NET's <c>ReceiveFromAsync</c>: it registers the socket with .NET's epoll engine, which then wakes a
/// thread-pool thread for every send too (UDP signals "writable" each time a sent datagram leaves the socket): measured,
/// about one epoll wake-up and two <c>sched_yield</c> calls per datagram sent, the sender's largest cost. The poller
/// watches <c>EPOLLIN</c> only.
/// <c>Close</c> (<see cref="ReceiveLoop.Stop"/>, then <see cref="Wake"/>) takes the socket out of the poller at once when
/// no turn is running; a running turn ends after the datagram being delivered, and ends the loop itself. Where the kernel
/// lacks <c>recvmmsg</c> (ENOSYS) or the poller cannot take the socket, the portable loop carries on.
/// </remarks>
internal sealed class PolledReceiveLoop : ReceiveLoop
{
    private readonly ReceivePoller _poller;
    private readonly bool _batching;
    private readonly SocketAddress _from;
    private readonly Lock _turn = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SafeHandle? _handle;
    private volatile bool _usesRecvmmsg = true;

    // Under _turn: the socket is in the poller; a thread is in its turn; the loop has ended (or gone portable).
    private bool _registered;
    private bool _serving;
    private bool _finished;

    public PolledReceiveLoop(ReceivePoller poller, Socket socket, RawDatagramHandler deliver, Action<Exception> reportError, bool batching)
        : base(socket, deliver, reportError)
    {
        _poller = poller;
        _batching = batching;
        _from = new SocketAddress(socket.AddressFamily);
    }

    /// <summary>True until the kernel answered ENOSYS (or the poller could not take the socket) and the portable loop took over.</summary>
    public override bool UsesRecvmmsg => _usesRecvmmsg;

    /// <summary>Test hook: from now on, <c>recvmmsg</c> answers ENOSYS as on a kernel without it.</summary>
    public bool SimulateMissingBatchCalls { get; set; }

    /// <summary>The poller's key for this socket in its epoll set.</summary>
    internal ulong Token { get; set; }

    public override void Wake()
    {
        lock (_turn)
        {
            if (_serving || _finished)
            {
                // A running turn sees Stop after its datagram and ends the loop itself.
                return;
            }
            _finished = true;
        }
        Finish();
    }

    protected override Task Run()
    {
        int refused;
        lock (_turn)
        {
            if (_finished || Stopped)
            {
                _finished = true;
                return Task.CompletedTask;
            }
            try
            {
                _handle = Socket.SafeHandle;
                if (_batching)
                {
                    BatchReceiver.TryEnableCoalescing(_handle);
                }
                refused = _poller.Add(this, _handle);
            }
            catch (ObjectDisposedException)
            {
                _finished = true;
                return Task.CompletedTask;
            }
            if (refused == 0)
            {
                _registered = true;
                return _ended.Task;
            }
            _finished = true;
        }
        HandOverToPortable();
        return _ended.Task;
    }

    /// <summary>
    /// One turn on the poller's thread: up to <paramref name="calls"/> <c>recvmmsg</c> calls, each datagram delivered, until
    /// the queue is empty, the budget spent, or the loop stopped (then it ends here).
    /// </summary>
    internal void ServeTurn(BatchReceiver receiver, ReceivePoller.Worker worker, int calls)
    {
        lock (_turn)
        {
            if (_finished)
            {
                return;
            }
            _finished = Stopped;
            _serving = !Stopped;
        }
        if (_finished)
        {
            // Stopped while the socket waited for its turn.
            Finish();
            return;
        }

        var outcome = Outcome.More;
        try
        {
            for (int call = 0; call < calls && outcome == Outcome.More; call++)
            {
                outcome = ReceiveOnce(receiver, worker);
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed between the check and the call.
            outcome = Outcome.Ended;
        }
        catch (Exception exception)
        {
            ReportError(exception);
            outcome = Outcome.Ended;
        }

        lock (_turn)
        {
            _serving = false;
            if (outcome is Outcome.Ended or Outcome.NoRecvmmsg || Stopped)
            {
                _finished = true;
            }
            else
            {
                return;
            }
        }
        if (outcome == Outcome.NoRecvmmsg && !Stopped)
        {
            HandOverToPortable();
        }
        else
        {
            Finish();
        }
    }

    /// <summary>
    /// After the watchdog gave this socket the thread its handler blocked: serve it alone until its queue is empty, then
    /// put it back in the poller's set (the thread then ends).
    /// </summary>
    internal void ServeAlone(BatchReceiver receiver, ReceivePoller.Worker worker)
    {
        ServeTurn(receiver, worker, int.MaxValue);
        bool finish = false;
        lock (_turn)
        {
            if (_finished)
            {
                return;
            }
            try
            {
                if (Stopped || _poller.PutBack(this, _handle!) != 0)
                {
                    finish = true;
                }
            }
            catch (ObjectDisposedException)
            {
                finish = true;
            }
            _finished = finish;
        }
        if (finish)
        {
            Finish();
        }
    }

    /// <summary>Out of the poller's set, while a thread of its own serves it (under the poller's lock, never this loop's).</summary>
    internal void LeaveSet(EpollSet set) => set.Remove(_handle!);

    /// <summary>One <c>recvmmsg</c> and the delivery of what it read.</summary>
    private Outcome ReceiveOnce(BatchReceiver receiver, ReceivePoller.Worker worker)
    {
        int received = receiver.Receive(_handle!, SimulateMissingBatchCalls);
        if (Stopped)
        {
            return Outcome.Ended;
        }
        if (received > 0)
        {
            if (!DeliverReceived(receiver, received, worker))
            {
                return Outcome.Ended;
            }
            // Fewer than it had room for: the queue was empty, and epoll reports the socket again if more came since.
            // Calling recvmmsg again until EAGAIN instead (libuv's way) measured more calls per datagram, not fewer: flat
            // out, 0.21-0.60 recvmmsg and 0.08-0.20 epoll_wait per datagram against 0.10-0.15 and 0.06-0.12 this way
            // (count-receive-syscalls; docs/benchmarks.md, "Receive-side CPU"). The extra call mostly finds the queue
            // empty, and a socket drained to EAGAIN lets the next epoll_wait sleep, where one left early finds more.
            return received < BatchReceiver.BatchSlots ? Outcome.Drained : Outcome.More;
        }

        switch (-received)
        {
            case LinuxSyscalls.EAGAIN:
                return Outcome.Drained;
            case LinuxSyscalls.EINTR:
                return Outcome.More;
            case LinuxSyscalls.ENOSYS:
                return Outcome.NoRecvmmsg;
            default:
                // ECONNREFUSED on a connected socket after an ICMP port unreachable, as the portable loop reports it.
                ReportError(SystemErrors.From(LinuxErrno.ToException(-received), "recvmsg"));
                return Outcome.More;
        }
    }

    /// <summary>Delivers what <paramref name="received"/> slots hold, splitting coalesced runs; false once the loop stopped meanwhile.</summary>
    private bool DeliverReceived(BatchReceiver receiver, int received, ReceivePoller.Worker worker)
    {
        for (int slot = 0; slot < received; slot++)
        {
            receiver.CopySender(slot, _from);
            var payload = receiver.Payload(slot);
            int segment = receiver.SegmentSize(slot);
            if (segment <= 0 || segment >= payload.Length)
            {
                Deliver(payload, _from, worker.Peers);
            }
            else
            {
                for (int offset = 0; offset < payload.Length && !Stopped; offset += segment)
                {
                    Deliver(payload.Slice(offset, Math.Min(segment, payload.Length - offset)), _from, worker.Peers);
                }
            }
            Volatile.Write(ref worker.Delivered, worker.Delivered + 1);

            // Closed by a handler: Node delivers no message after 'close'.
            if (Stopped)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Out of the poller for good; the loop's task completes. Called once, by whoever set <c>_finished</c>.</summary>
    private void Finish()
    {
        if (_registered)
        {
            _poller.Remove(this, _handle!);
        }
        _ended.TrySetResult();
    }

    /// <summary>Out of the poller; the portable loop receives from here on, and its end is this loop's end.</summary>
    private void HandOverToPortable()
    {
        _usesRecvmmsg = false;
        if (_registered)
        {
            _poller.Remove(this, _handle!);
        }
        // On the thread pool: the portable loop may complete synchronously while datagrams wait, and must not hold the poller's thread.
        Task.Run(ReceivePortableAsync).ContinueWith(static (_, state) => ((TaskCompletionSource)state!).TrySetResult(), _ended, TaskScheduler.Default);
    }

    private enum Outcome
    {
        More,
        Drained,
        Ended,
        NoRecvmmsg,
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TypedDgram.Sockets;

/// <summary>
/// The receive loop on 64-bit Linux: a thread of its own that sleeps in <c>recvmmsg(2)</c>, as a C program sleeps in
/// <c>recvfrom</c> (or in <c>poll(2)</c>, once .NET has made the descriptor non-blocking, which it does when a send had
/// to wait for room).
/// </summary>
/// <remarks>
/// Awaiting .NET's <c>ReceiveFromAsync</c> instead registers the socket with .NET's epoll engine, which then wakes a
/// thread-pool thread for every send too (UDP signals "writable" each time a sent datagram leaves the socket):
/// measured, about one epoll wake-up and two <c>sched_yield</c> calls per datagram sent, the sender's largest cost.
/// <c>Close</c> wakes the thread either way: .NET's <c>Socket.Dispose</c> shuts the socket down while a call still holds
/// it, which ends a blocked receive on Linux, and the poll also watches an eventfd that <see cref="Wake"/> signals.
/// Handlers run on this thread, one datagram at a time, as on the portable loop. Where the kernel lacks
/// <c>recvmmsg</c> (ENOSYS), the portable loop carries on.
/// </remarks>
internal sealed class LinuxReceiveThread : ReceiveLoop
{
    private readonly bool _batching;
    private volatile bool _onThread = true;
    private ReceiveWakeup? _wakeup;

    public LinuxReceiveThread(Socket socket, RawDatagramHandler deliver, Action<Exception> reportError, bool batching)
        : base(socket, deliver, reportError)
    {
        _batching = batching;
    }

    /// <summary>True until the kernel answered ENOSYS (or no eventfd could be had) and the portable loop took over.</summary>
    public override bool OnThread => _onThread;

    /// <summary>Test hook: from now on, <c>recvmmsg</c> answers ENOSYS as on a kernel without it.</summary>
    public bool SimulateMissingBatchCalls { get; set; }

    public override void Wake() => Volatile.Read(ref _wakeup)?.Signal();

    protected override Task Run()
    {
        if (ReceiveWakeup.Create() is not { } wakeup)
        {
            _onThread = false;
            return ReceivePortableAsync();
        }

        Volatile.Write(ref _wakeup, wakeup);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Task? handedOver = null;
            try
            {
                handedOver = ReceiveOnThread(wakeup);
            }
            finally
            {
                wakeup.Dispose();
                if (handedOver is null)
                {
                    ended.TrySetResult();
                }
                else
                {
                    handedOver.ContinueWith(static (_, state) => ((TaskCompletionSource)state!).TrySetResult(), ended, TaskScheduler.Default);
                }
            }
        })
        {
            IsBackground = true,
            Name = "TypedDgram receive",
        };
        thread.UnsafeStart();
        return ended.Task;
    }

    /// <summary>
    /// Reads until the loop stops: everything waiting, then poll. Returns the portable loop's task when the kernel has
    /// no recvmmsg (it carries on from here), else null.
    /// </summary>
    private Task? ReceiveOnThread(ReceiveWakeup wakeup)
    {
        SafeHandle handle;
        var receiver = new BatchReceiver(_batching ? BatchReceiver.BatchSlots : 1);
        var from = new SocketAddress(Socket.AddressFamily);
        try
        {
            handle = Socket.SafeHandle;
            if (_batching)
            {
                BatchReceiver.TryEnableCoalescing(handle);
            }
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        try
        {
            while (!Stopped)
            {
                receiver.SimulateMissingSyscall = SimulateMissingBatchCalls;
                int received = receiver.Receive(handle, wait: true);
                if (Stopped)
                {
                    return null;
                }

                if (received > 0)
                {
                    if (!DeliverReceived(receiver, received, from))
                    {
                        return null;
                    }
                    continue;
                }

                switch (-received)
                {
                    case LinuxSyscalls.EAGAIN:
                        if (!wakeup.Wait(handle))
                        {
                            return null;
                        }
                        break;
                    case LinuxSyscalls.EINTR:
                        break;
                    case LinuxSyscalls.ENOSYS:
                        _onThread = false;
                        return ReceivePortableAsync();
                    default:
                        // ECONNREFUSED on a connected socket after an ICMP port unreachable, as the portable loop reports it.
                        ReportError(SystemErrors.From(LinuxErrno.ToException(-received), "recvmsg"));
                        break;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed between the check and the call.
        }
        catch (Exception exception)
        {
            ReportError(exception);
        }

        return null;
    }

    /// <summary>Delivers what <paramref name="received"/> slots hold, splitting coalesced runs; false once the loop stopped meanwhile.</summary>
    private bool DeliverReceived(BatchReceiver receiver, int received, SocketAddress from)
    {
        for (int slot = 0; slot < received; slot++)
        {
            receiver.CopySender(slot, from);
            var payload = receiver.Payload(slot);
            int segment = receiver.SegmentSize(slot);
            if (segment <= 0 || segment >= payload.Length)
            {
                Deliver(payload, from);
            }
            else
            {
                for (int offset = 0; offset < payload.Length; offset += segment)
                {
                    Deliver(payload.Slice(offset, Math.Min(segment, payload.Length - offset)), from);
                }
            }

            // Closed by a handler: Node delivers no message after 'close'.
            if (Stopped)
            {
                return false;
            }
        }

        return true;
    }
}

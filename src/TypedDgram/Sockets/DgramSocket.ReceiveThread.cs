using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TypedDgram.Sockets;

// The receive loop on 64-bit Linux: a thread of its own that sleeps in recvmmsg(2), as a C program sleeps in recvfrom
// (or in poll(2), once .NET has made the descriptor non-blocking, which it does when a send had to wait for room).
// Awaiting .NET's ReceiveFromAsync instead registers the socket with .NET's epoll engine, which then wakes a thread-pool
// thread for every send too (UDP signals "writable" each time a sent datagram leaves the socket): measured, about one
// epoll wake-up and two sched_yield calls per datagram sent, the sender's largest cost. Close wakes the thread either
// way: .NET's Socket.Dispose shuts the socket down while a call still holds it, which ends a blocked receive on Linux,
// and the poll also watches an eventfd that Close signals. Handlers run on this thread, one datagram at a time, as on
// the async loop. Elsewhere, and where the kernel lacks recvmmsg (ENOSYS), ReceiveLoopAsync does the work.
public sealed partial class DgramSocket
{
    private volatile bool _receiveThreadUnavailable;
    private ReceiveWakeup? _receiveWakeup;

    /// <summary>True while the receive loop is the Linux thread (false after an ENOSYS, and off Linux).</summary>
    internal bool ReceivingOnThread => LinuxSyscalls.Available && !_receiveThreadUnavailable;

    /// <summary>Starts the socket's receive loop; the task completes once it has ended after <c>Close</c>.</summary>
    private Task StartReceiveLoop(Socket socket)
    {
        if (!ReceivingOnThread || ReceiveWakeup.Create() is not { } wakeup)
        {
            return ReceiveLoopAsync(socket);
        }

        Volatile.Write(ref _receiveWakeup, wakeup);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Task? handedOver = null;
            try
            {
                handedOver = ReceiveOnThread(socket, wakeup);
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

    /// <summary>Wakes the receive thread so that it lets go of the socket; <c>Close</c> calls it before closing the socket.</summary>
    private void WakeReceiveThread() => Volatile.Read(ref _receiveWakeup)?.Signal();

    /// <summary>
    /// Reads until the socket closes: everything waiting, then poll. Returns the async loop's task when the kernel has
    /// no recvmmsg (it carries on from here), else null.
    /// </summary>
    private Task? ReceiveOnThread(Socket socket, ReceiveWakeup wakeup)
    {
        SafeHandle handle;
        var receiver = new BatchReceiver(_batching ? BatchReceiver.BatchSlots : 1);
        var from = new SocketAddress(socket.AddressFamily);
        try
        {
            handle = socket.SafeHandle;
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
            while (Volatile.Read(ref _socket) == socket)
            {
                receiver.SimulateMissingSyscall = _simulateMissingBatchCalls;
                int received = receiver.Receive(handle, wait: true);
                if (Volatile.Read(ref _socket) != socket)
                {
                    return null;
                }

                if (received > 0)
                {
                    if (!DeliverReceived(socket, receiver, received, from))
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
                        _receiveThreadUnavailable = true;
                        return ReceiveLoopAsync(socket);
                    default:
                        // ECONNREFUSED on a connected socket after an ICMP port unreachable, as the async loop reports it.
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

    /// <summary>Delivers what <paramref name="received"/> slots hold, splitting coalesced runs; false once the socket closed meanwhile.</summary>
    private bool DeliverReceived(Socket socket, BatchReceiver receiver, int received, SocketAddress from)
    {
        for (int slot = 0; slot < received; slot++)
        {
            receiver.CopySender(slot, from);
            var payload = receiver.Payload(slot);
            int segment = receiver.SegmentSize(slot);
            if (segment <= 0 || segment >= payload.Length)
            {
                SocketTelemetry.Received(payload.Length);
                Deliver(payload, _peers.Get(from, payload.Length));
            }
            else
            {
                for (int offset = 0; offset < payload.Length; offset += segment)
                {
                    var datagram = payload.Slice(offset, Math.Min(segment, payload.Length - offset));
                    SocketTelemetry.Received(datagram.Length);
                    Deliver(datagram, _peers.Get(from, datagram.Length));
                }
            }

            // Closed by a handler: Node delivers no message after 'close'.
            if (Volatile.Read(ref _socket) != socket)
            {
                return false;
            }
        }

        return true;
    }
}

using System.Runtime.InteropServices;
using static TypedDgram.Sockets.LinuxSyscalls;

namespace TypedDgram.Sockets;

/// <summary>
/// What the Linux receive thread sleeps on: its socket and an <c>eventfd</c> that <c>Close</c> signals before it closes
/// the socket, so the thread leaves <c>poll</c> at once (closing a file descriptor does not wake a thread polling it).
/// A SafeHandle, so a signal that races the thread's exit never writes to a reused descriptor.
/// </summary>
internal sealed unsafe class ReceiveWakeup : SafeHandle
{
    private ReceiveWakeup(int fd)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>A new wake-up descriptor; null when the system has none to give (EMFILE and the like).</summary>
    public static ReceiveWakeup? Create()
    {
        int fd = EventFd(0, EFD_CLOEXEC);
        return fd >= 0 ? new ReceiveWakeup(fd) : null;
    }

    /// <summary>Wakes the thread for good (the counter stays non-zero). Harmless once the thread has gone.</summary>
    public void Signal()
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            ulong one = 1;
            Write((int)handle, &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // The thread has already left and closed it.
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="socket"/> has something to read (or an error to report), or until <see cref="Signal"/>.
    /// False when signalled. Throws <see cref="ObjectDisposedException"/> when the socket is already closed.
    /// </summary>
    public bool Wait(SafeHandle socket)
    {
        bool socketAdded = false;
        bool selfAdded = false;
        try
        {
            socket.DangerousAddRef(ref socketAdded);
            DangerousAddRef(ref selfAdded);
            var fds = stackalloc PollFd[2];
            fds[0] = new PollFd { Fd = (int)socket.DangerousGetHandle(), Events = POLLIN };
            fds[1] = new PollFd { Fd = (int)handle, Events = POLLIN };
            int ready = Poll(fds, 2, -1);
            return ready < 0 || fds[1].ReturnedEvents == 0;
        }
        finally
        {
            if (selfAdded)
            {
                DangerousRelease();
            }
            if (socketAdded)
            {
                socket.DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle() => LinuxSyscalls.Close((int)handle) == 0;
}

using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TypedDgram.Sockets.LinuxSyscalls;

namespace TypedDgram.Sockets;

/// <summary>
/// Receives up to <c>slots</c> datagrams with one non-blocking <c>recvmmsg</c>. With UDP GRO on (a socket with
/// <see cref="SocketOptions.Batching"/>), the kernel may hand one slot a run of datagrams from one sender (what a GSO
/// sender sent as one message), with their common length in a control message; <see cref="SegmentSize"/> gives it so
/// the receive loop can deliver them one by one. Owned by one thread of the receive poller and used for every socket
/// it serves (the datagrams are delivered before the next call), so memory does not grow with the number of sockets;
/// every buffer is a pinned array, 64 KiB per slot so no datagram or run is ever cut short.
/// </summary>
internal sealed unsafe class BatchReceiver
{
    /// <summary>The slots of one call: up to 16 datagrams (or coalesced runs) per system call.</summary>
    public const int BatchSlots = 16;
    private const int SlotSize = 65536;
    private const int NameSize = 32;
    private const int ControlSize = 64;

    private readonly int _slots;
    private readonly byte[] _data;
    private readonly MMsgHdr[] _messages;
    private readonly IOVec[] _iov;
    private readonly byte[] _names;
    private readonly byte[] _control;

    public BatchReceiver(int slots = BatchSlots)
    {
        _slots = slots;
        _data = GC.AllocateUninitializedArray<byte>(slots * SlotSize, pinned: true);
        _messages = GC.AllocateArray<MMsgHdr>(slots, pinned: true);
        _iov = GC.AllocateArray<IOVec>(slots, pinned: true);
        _names = GC.AllocateArray<byte>(slots * NameSize, pinned: true);
        _control = GC.AllocateArray<byte>(slots * ControlSize, pinned: true);
        for (int i = 0; i < slots; i++)
        {
            _iov[i] = new IOVec { Base = Pin(_data, i * SlotSize), Length = SlotSize };
        }
    }

    /// <summary>Asks the kernel to coalesce runs of datagrams (UDP GRO, Linux 5.0+); false where it cannot.</summary>
    public static bool TryEnableCoalescing(SafeHandle socket)
    {
        bool added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            int on = 1;
            return SetSockOpt((int)socket.DangerousGetHandle(), SOL_UDP, UDP_GRO, &on, sizeof(int)) == 0;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Takes what is waiting, without ever sleeping (MSG_DONTWAIT, whether or not the descriptor blocks): the number of
    /// slots filled, or minus the errno (EAGAIN: nothing waiting). Throws <see cref="ObjectDisposedException"/> once the
    /// socket is closed.
    /// </summary>
    /// <param name="socket">The socket to read.</param>
    /// <param name="simulateMissingSyscall">Test hook: answer ENOSYS as a kernel without <c>recvmmsg</c> does.</param>
    public int Receive(SafeHandle socket, bool simulateMissingSyscall)
    {
        if (simulateMissingSyscall)
        {
            return -ENOSYS;
        }

        bool added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            for (int i = 0; i < _slots; i++)
            {
                ref var message = ref _messages[i];
                message.Header.Name = Pin(_names, i * NameSize);
                message.Header.NameLength = NameSize;
                message.Header.Iov = (IOVec*)Pin(_iov, i);
                message.Header.IovLength = 1;
                message.Header.Control = Pin(_control, i * ControlSize);
                message.Header.ControlLength = ControlSize;
                message.Header.Flags = 0;
                message.Length = 0;
            }

            int received = RecvMmsg((int)socket.DangerousGetHandle(), (MMsgHdr*)Pin(_messages, 0), (uint)_slots, MSG_DONTWAIT, null);
            return received >= 0 ? received : -Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>The bytes slot <paramref name="slot"/> received.</summary>
    public ReadOnlySpan<byte> Payload(int slot) => _data.AsSpan(slot * SlotSize, (int)Math.Min(_messages[slot].Length, SlotSize));

    /// <summary>Copies the sender's address of slot <paramref name="slot"/> into <paramref name="address"/>.</summary>
    public void CopySender(int slot, SocketAddress address)
    {
        int length = (int)Math.Min(_messages[slot].Header.NameLength, Math.Min(NameSize, (uint)address.Buffer.Length));
        _names.AsSpan(slot * NameSize, length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    /// <summary>The length of each datagram in a coalesced slot (the last may be shorter); 0 when the slot holds one datagram.</summary>
    public int SegmentSize(int slot)
    {
        var control = _control.AsSpan(slot * ControlSize, (int)Math.Min(_messages[slot].Header.ControlLength, ControlSize));
        while (control.Length >= CmsgDataOffset)
        {
            var header = MemoryMarshal.Read<CmsgHdr>(control);
            if (header.Length < CmsgDataOffset || header.Length > (nuint)control.Length)
            {
                return 0;
            }

            if (header.Level == SOL_UDP && header.Type == UDP_GRO && header.Length >= CmsgDataOffset + sizeof(int))
            {
                return MemoryMarshal.Read<int>(control[CmsgDataOffset..]);
            }

            int next = (int)((header.Length + 7) & ~(nuint)7);
            control = next < control.Length ? control[next..] : default;
        }

        return 0;
    }

    private static void* Pin<T>(T[] pinnedArray, int index) => Unsafe.AsPointer(ref pinnedArray[index]);
}

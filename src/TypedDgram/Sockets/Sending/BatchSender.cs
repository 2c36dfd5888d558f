using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TypedDgram.Sockets.LinuxSyscalls;

namespace TypedDgram.Sockets;

/// <summary>
/// Sends up to <see cref="MaxDatagrams"/> queued datagrams with one <c>sendmmsg</c>. Where the kernel has UDP GSO,
/// consecutive datagrams to one destination with one length (the last may be shorter) go as one message the kernel
/// cuts into datagrams (<c>UDP_SEGMENT</c>), so the whole run costs one trip down the stack. Each datagram still gets
/// its own result, in order, as if it had been sent alone. Used by one drain at a time; its buffers are pinned arrays,
/// so nothing here outlives what the GC keeps alive.
/// </summary>
internal sealed unsafe class BatchSender
{
    public const int MaxDatagrams = 64;

    // Room for the payloads of one batch; a datagram that does not fit even an empty batch goes the one-at-a-time way.
    private const int StagingSize = 256 * 1024;

    // One GSO message is one UDP packet before the kernel cuts it: at most 64 segments and under 64 KiB in all.
    private const int MaxSegments = 64;
    private const int MaxSegmentedBytes = 65000;

    private const int NameSize = 32;        // sockaddr_in6 is 28 bytes
    private const int ControlSize = 24;     // CMSG_SPACE(sizeof(uint16_t))

    private readonly byte[] _staging = GC.AllocateUninitializedArray<byte>(StagingSize, pinned: true);
    private readonly MMsgHdr[] _messages = GC.AllocateArray<MMsgHdr>(MaxDatagrams, pinned: true);
    private readonly IOVec[] _iov = GC.AllocateArray<IOVec>(MaxDatagrams, pinned: true);
    private readonly byte[] _names = GC.AllocateArray<byte>(MaxDatagrams * NameSize, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(MaxDatagrams * ControlSize, pinned: true);
    private readonly int[] _lengths = new int[MaxDatagrams];
    private readonly SocketAddress?[] _destinations = new SocketAddress?[MaxDatagrams];
    private readonly int[] _messageFirst = new int[MaxDatagrams];
    private readonly int[] _messageCount = new int[MaxDatagrams];
    private int _count;
    private int _staged;
    private int _gso;   // 0 unknown, 1 on, -1 off

    /// <summary>Datagrams added since <see cref="Clear"/>.</summary>
    public int Count => _count;

    /// <summary>Set once <c>sendmmsg</c> answered ENOSYS: the kernel has no batched send, and the caller must stop using this.</summary>
    public bool Unsupported { get; private set; }

    /// <summary>Test hook: behave as a kernel without <c>sendmmsg</c> (ENOSYS).</summary>
    public bool SimulateMissingSyscall { get; set; }

    public void Clear()
    {
        Array.Clear(_destinations, 0, _count);
        _count = 0;
        _staged = 0;
    }

    /// <summary>Copies <paramref name="payload"/> into the batch for <paramref name="destination"/>; false when the batch is full.</summary>
    public bool TryAdd(ReadOnlySpan<byte> payload, SocketAddress destination)
    {
        if (_count == MaxDatagrams || payload.Length > StagingSize - _staged || destination.Size > NameSize)
        {
            return false;
        }

        payload.CopyTo(_staging.AsSpan(_staged));
        destination.Buffer.Span[..destination.Size].CopyTo(_names.AsSpan(_count * NameSize));
        _iov[_count] = new IOVec { Base = Pin(_staging, _staged), Length = (nuint)payload.Length };
        _lengths[_count] = payload.Length;
        _destinations[_count] = destination;
        _staged += payload.Length;
        _count++;
        return true;
    }

    /// <summary>
    /// Sends the batch. <paramref name="results"/>[i] becomes the bytes datagram i carried, or minus the errno it
    /// failed with. Returns how many datagrams, from the first, have a result: the others met a full send buffer
    /// (EAGAIN) or a kernel without <c>sendmmsg</c> (<see cref="Unsupported"/>), and are the caller's to send.
    /// </summary>
    public int Send(SafeHandle socket, Span<int> results)
    {
        bool added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            return Send((int)socket.DangerousGetHandle(), results);
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    private int Send(int fd, Span<int> results)
    {
        if (_gso == 0)
        {
            _gso = ProbeSegmentation(fd) ? 1 : -1;
        }

        int done = 0;
        bool segmentThisRound = _gso > 0;
        while (done < _count)
        {
            int messages = Build(done, segmentThisRound);
            segmentThisRound = _gso > 0;
            int next = 0;
            while (next < messages)
            {
                int sent = SimulateMissingSyscall ? -1 : SendMmsg(fd, (MMsgHdr*)Pin(_messages, next), (uint)(messages - next), MSG_DONTWAIT);
                int errno = sent < 0 ? (SimulateMissingSyscall ? ENOSYS : Marshal.GetLastPInvokeError()) : 0;
                if (sent > 0)
                {
                    for (int m = next; m < next + sent; m++)
                    {
                        for (int d = _messageFirst[m]; d < _messageFirst[m] + _messageCount[m]; d++)
                        {
                            results[d] = _lengths[d];
                        }
                    }

                    next += sent;
                    done = next < messages ? _messageFirst[next] : _count;
                    continue;
                }

                if (errno == EINTR)
                {
                    continue;
                }

                if (errno is EAGAIN or ENOSYS)
                {
                    Unsupported |= errno == ENOSYS;
                    return done;
                }

                if (_messageCount[next] > 1)
                {
                    // A segmented message failed: send its datagrams one by one, so each gets its own result. Errors that
                    // say the route or kernel cannot segment turn segmentation off for this socket.
                    if (errno is EIO or EINVAL or ENOPROTOOPT or EOPNOTSUPP)
                    {
                        _gso = -1;
                    }

                    segmentThisRound = false;
                    break;
                }

                results[_messageFirst[next]] = -errno;
                next++;
                done = next < messages ? _messageFirst[next] : _count;
            }
        }

        return done;
    }

    // Lays out the messages for datagrams [first, Count); returns how many there are.
    private int Build(int first, bool segment)
    {
        int messages = 0;
        int d = first;
        while (d < _count)
        {
            int run = 1;
            if (segment && _lengths[d] > 0)
            {
                int total = _lengths[d];
                while (d + run < _count && run < MaxSegments && _lengths[d + run] <= _lengths[d]
                    && total + _lengths[d + run] <= MaxSegmentedBytes && SameDestination(d, d + run))
                {
                    total += _lengths[d + run];
                    run++;
                    if (_lengths[d + run - 1] < _lengths[d])
                    {
                        break;  // a shorter datagram can only be the last segment
                    }
                }
            }

            ref var message = ref _messages[messages];
            message = default;
            message.Header.Name = Pin(_names, d * NameSize);
            message.Header.NameLength = (uint)_destinations[d]!.Size;
            message.Header.Iov = (IOVec*)Pin(_iov, d);
            message.Header.IovLength = (nuint)run;
            if (run > 1)
            {
                byte* control = (byte*)Pin(_control, messages * ControlSize);
                new Span<byte>(control, ControlSize).Clear();
                var header = (CmsgHdr*)control;
                header->Length = (nuint)(CmsgDataOffset + sizeof(ushort));
                header->Level = SOL_UDP;
                header->Type = UDP_SEGMENT;
                *(ushort*)(control + CmsgDataOffset) = (ushort)_lengths[d];
                message.Header.Control = control;
                message.Header.ControlLength = ControlSize;
            }

            _messageFirst[messages] = d;
            _messageCount[messages] = run;
            messages++;
            d += run;
        }

        return messages;
    }

    private bool SameDestination(int a, int b)
    {
        var x = _destinations[a]!;
        var y = _destinations[b]!;
        return ReferenceEquals(x, y) || x.Equals(y);
    }

    // Kernels before 4.18 do not know UDP_SEGMENT; asking for it is the cheapest test.
    private static bool ProbeSegmentation(int fd)
    {
        int value = 0;
        uint length = sizeof(int);
        return GetSockOpt(fd, SOL_UDP, UDP_SEGMENT, &value, &length) == 0;
    }

    private static void* Pin<T>(T[] pinnedArray, int index) => Unsafe.AsPointer(ref pinnedArray[index]);
}

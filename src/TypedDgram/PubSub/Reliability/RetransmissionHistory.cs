using System.Buffers;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// The frames a publisher sent last, as sent (sealed, with a key), for re-sending verbatim: at most a count and a byte
/// total, the oldest evicted first. A frame covers the publication numbers <c>First</c> to <c>First + Count - 1</c>
/// (one for a publication, several for a batch); a fragment frame covers the one number of its publication and says
/// which bytes of it it carries, so that a publication's fragments are consecutive entries of one number, in the order
/// they were sent. Not thread-safe; <see cref="ReliableSender"/> locks.
/// </summary>
/// <remarks>
/// A retransmission re-sends the same bytes under the same (kind, sequence): for AES-GCM the same nonce with the same
/// plaintext, which reveals nothing new. The buffers are rented and returned on eviction.
/// </remarks>
internal sealed class RetransmissionHistory
{
    private readonly Entry[] _ring;
    private readonly long _maxBytes;
    private int _start;
    private int _count;

    public RetransmissionHistory(int maxCount, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _ring = new Entry[maxCount];
        _maxBytes = maxBytes;
    }

    /// <summary>How many frames are kept.</summary>
    public int Count => _count;

    /// <summary>How many bytes the kept frames hold.</summary>
    public long Bytes { get; private set; }

    /// <summary>The oldest publication number kept, or null when nothing is.</summary>
    public ulong? Oldest => _count == 0 ? null : At(0).First;

    /// <summary>The newest publication number kept, or null when nothing is.</summary>
    public ulong? Newest => _count == 0 ? null : At(_count - 1).Last;

    /// <summary>
    /// Keeps a copy of <paramref name="frame"/>, the frame of publications <paramref name="first"/> to
    /// <paramref name="first"/> + <paramref name="count"/> - 1 sent to <paramref name="destination"/>; numbers must grow
    /// from one call to the next. A frame larger than the byte bound is not kept (everything older is evicted all the same,
    /// so that what is kept stays a contiguous run). <paramref name="fragment"/>: for a fragment frame, the bytes of the
    /// publication's contract datagram it carries.
    /// </summary>
    public void Add(ulong first, int count, ReadOnlySpan<byte> frame, TransportDestination destination, FragmentSpan? fragment = null)
    {
        if (frame.Length > _maxBytes)
        {
            while (_count > 0)
            {
                EvictOldest();
            }

            return;
        }

        while (_count == _ring.Length || Bytes + frame.Length > _maxBytes)
        {
            EvictOldest();
        }

        var buffer = ArrayPool<byte>.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        _ring[(_start + _count) % _ring.Length] = new Entry(first, count, buffer, frame.Length, destination, fragment ?? default);
        _count++;
        Bytes += frame.Length;
    }

    /// <summary>
    /// The index (0 = oldest) of the first frame that holds publication <paramref name="number"/>, or -1: for a
    /// fragmented publication, its first fragment kept (the others follow it).
    /// </summary>
    public int IndexOf(ulong number)
    {
        // The first entry whose last number is at or after `number` (entries are in number order, and a fragmented
        // publication's entries share one number, so this is a lower bound, not any match).
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (At(middle).Last < number)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < _count && At(low).First <= number ? low : -1;
    }

    /// <summary>The frame at <paramref name="index"/> (0 = oldest), by reference so that its repair time can be set.</summary>
    public ref Entry At(int index) => ref _ring[(_start + index) % _ring.Length];

    /// <summary>Returns every buffer: the bus is closing.</summary>
    public void Clear()
    {
        while (_count > 0)
        {
            EvictOldest();
        }
    }

    private void EvictOldest()
    {
        ref var oldest = ref _ring[_start];
        ArrayPool<byte>.Shared.Return(oldest.Buffer);
        Bytes -= oldest.Length;
        oldest = default;
        _start = (_start + 1) % _ring.Length;
        _count--;
    }

    /// <summary>
    /// One kept frame: the publications it holds, its bytes, where it went, when it was last re-sent; for a fragment
    /// frame, which bytes of its publication it carries (empty for any other frame).
    /// </summary>
    internal struct Entry(ulong first, int count, byte[] buffer, int length, TransportDestination destination, FragmentSpan fragment)
    {
        public readonly ulong First = first;
        public readonly int Count = count;
        public readonly byte[] Buffer = buffer;
        public readonly int Length = length;
        public readonly TransportDestination Destination = destination;
        public readonly FragmentSpan Fragment = fragment;

        /// <summary>When it was last re-sent (the responder's clock), or null if never.</summary>
        public TimeSpan? LastRepaired;

        /// <summary>Whether a NAK has named it (the first NAK of a frame is what <see cref="SendPacer"/> counts).</summary>
        public bool Naked;

        public readonly ulong Last => First + (ulong)Count - 1;
    }
}

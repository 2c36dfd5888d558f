using System.Buffers;
using System.Text;

namespace TypedDgram.Sockets;

/// <summary>
/// The shapes <c>Send</c> accepts — one buffer, a UTF-8 string, or a list of buffers that make one datagram —
/// seen as one byte sequence that can be measured and copied into a pooled buffer.
/// </summary>
internal readonly struct OutgoingMessage
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string? _text;
    private readonly IReadOnlyList<byte[]>? _arrays;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>>? _memories;

    private OutgoingMessage(ReadOnlyMemory<byte> bytes, string? text, IReadOnlyList<byte[]>? arrays, IReadOnlyList<ReadOnlyMemory<byte>>? memories, int length)
    {
        _bytes = bytes;
        _text = text;
        _arrays = arrays;
        _memories = memories;
        Length = length;
    }

    /// <summary>The message's length in bytes (UTF-8 bytes for a string).</summary>
    public int Length { get; }

    public static OutgoingMessage From(ReadOnlyMemory<byte> msg) => new(msg, null, null, null, msg.Length);

    /// <summary>An array; null is Node's <c>ERR_INVALID_ARG_TYPE</c>, not the empty datagram its conversion to memory would be.</summary>
    public static OutgoingMessage From(byte[] msg) =>
        msg is null ? throw DgramErrors.InvalidMessage("null") : From((ReadOnlyMemory<byte>)msg);

    public static OutgoingMessage From(string msg)
    {
        if (msg is null)
        {
            throw DgramErrors.InvalidMessage("null");
        }
        return new(default, msg, null, null, Encoding.UTF8.GetByteCount(msg));
    }

    public static OutgoingMessage From(IReadOnlyList<byte[]> msg)
    {
        if (msg is null)
        {
            throw DgramErrors.InvalidMessage("null");
        }
        long length = 0;
        for (int i = 0; i < msg.Count; i++)
        {
            length += (msg[i] ?? throw DgramErrors.InvalidMessage($"a list with null at index {i}")).Length;
        }
        return new(default, null, msg, null, checked((int)length));
    }

    public static OutgoingMessage From(IReadOnlyList<ReadOnlyMemory<byte>> msg)
    {
        if (msg is null)
        {
            throw DgramErrors.InvalidMessage("null");
        }
        long length = 0;
        for (int i = 0; i < msg.Count; i++)
        {
            length += msg[i].Length;
        }
        return new(default, null, null, msg, checked((int)length));
    }

    /// <summary>Bytes <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> as they are, for a message that is one buffer; false for text and lists.</summary>
    public bool TryGetBytes(int start, int count, out ReadOnlySpan<byte> bytes)
    {
        if (_text is null && _arrays is null && _memories is null)
        {
            bytes = _bytes.Span.Slice(start, count);
            return true;
        }
        bytes = default;
        return false;
    }

    /// <summary>
    /// Copies bytes <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> into a buffer rented
    /// from <see cref="ArrayPool{T}.Shared"/>, so later changes to the caller's buffers cannot change the datagram.
    /// </summary>
    public byte[] CopyToPooled(int start, int count)
    {
        byte[] pooled = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
        CopyTo(start, count, pooled);
        return pooled;
    }

    /// <summary>Copies bytes <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> into <paramref name="destination"/>.</summary>
    public void CopyTo(int start, int count, Span<byte> destination)
    {
        if (_text is not null)
        {
            if (start == 0 && count == Length)
            {
                Encoding.UTF8.GetBytes(_text, destination);
            }
            else
            {
                byte[] whole = ArrayPool<byte>.Shared.Rent(Length);
                Encoding.UTF8.GetBytes(_text, whole);
                whole.AsSpan(start, count).CopyTo(destination);
                ArrayPool<byte>.Shared.Return(whole);
            }
        }
        else if (_arrays is not null)
        {
            int written = 0;
            for (int i = 0; i < _arrays.Count; i++)
            {
                _arrays[i].CopyTo(destination[written..]);
                written += _arrays[i].Length;
            }
        }
        else if (_memories is not null)
        {
            int written = 0;
            for (int i = 0; i < _memories.Count; i++)
            {
                _memories[i].Span.CopyTo(destination[written..]);
                written += _memories[i].Length;
            }
        }
        else
        {
            _bytes.Span.Slice(start, count).CopyTo(destination);
        }
    }
}

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MessagePack;

namespace TypedDgram.Contracts;

// Where the context reads (the cursor fields are declared with the others in DatagramReadContext.cs). Values are
// decoded straight from the datagram's array. A context made with the public constructor reads in step with the
// reader: the reader's position is the truth, every value moves it, and a caller may read the reader directly between
// calls, as before. A context the library makes for a datagram it owns (the receive path, Deserialize: the internal
// constructor) keeps its own cursor instead and moves the reader only when something can look at it: on a failure and
// from the first map on (generated map readers take key offsets from reader.Consumed). Moving a MessagePackReader
// costs more than decoding most values; reading in step made deserializing slower than MessagePack-CSharp.
// Input in several segments is read in step with the reader, through copies of each header.
public partial struct DatagramReadContext
{
    [InlineArray(MaxHeaderSize)]
    private struct HeaderBytes
    {
        private byte _first;
    }

    private enum Step
    {
        Value,
        ArrayHeader,
        MapHeader,
    }

    // The unread bytes in place when the datagram is one array; false for multi-segment input (use PeekCopy).
    // The small helpers here are inlined: every value goes through them, and the calls showed in small records' times.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryPeekInPlace(ref MessagePackReader reader, out ReadOnlySpan<byte> unread)
    {
        if (!_captured)
        {
            Capture(ref reader);
        }

        if (_bytes is { } bytes)
        {
            int at = _inStep ? (int)reader.Consumed : _cursor;
            unread = new ReadOnlySpan<byte>(bytes, _origin + at, _length - at);
            return true;
        }

        unread = default;
        return false;
    }

    // The unread bytes: in place, or for multi-segment input up to MaxHeaderSize of them copied into the context.
    [UnscopedRef]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Peek(ref MessagePackReader reader)
    {
        if (TryPeekInPlace(ref reader, out var unread))
        {
            return unread;
        }

        Span<byte> scratch = _scratch;
        return scratch[..PeekCopy(ref reader, scratch)];
    }

    private void Capture(ref MessagePackReader reader)
    {
        _captured = true;
        _inStep = true;
        var sequence = reader.Sequence;

        // A sequence over one array keeps the array as its start object (cheaper to ask than First and TryGetArray).
        if (sequence.IsSingleSegment && sequence.Start.GetObject() is byte[] array)
        {
            _bytes = array;
            _origin = sequence.Start.GetInteger();
            _length = (int)sequence.Length;
        }
    }

    // For multi-segment input: copies up to scratch.Length unread bytes (a split sequence reads the same) and returns how many.
    private static int PeekCopy(ref MessagePackReader reader, scoped Span<byte> scratch)
    {
        var rest = reader.Sequence.Slice(reader.Position);
        var length = (int)Math.Min(scratch.Length, rest.Length);
        rest.Slice(0, length).CopyTo(scratch);
        return length;
    }

    // The offset of the next unread byte.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly long Position(ref MessagePackReader reader) => _inStep ? reader.Consumed : _cursor;

    /// <summary>The whole datagram's length, in bytes (what the size limit and the allocation budget are measured against).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long DatagramLength(ref MessagePackReader reader)
    {
        if (!_captured)
        {
            Capture(ref reader);
        }

        return _bytes is null ? reader.Sequence.Length : _length;
    }

    /// <summary>The bytes not read yet, wherever the cursor is kept (the reader's position is not it for a context of the library's own).</summary>
    internal readonly long UnreadLength(ref MessagePackReader reader) => Remaining(ref reader);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly long Remaining(ref MessagePackReader reader)
        => _bytes is null ? reader.Sequence.Length - reader.Consumed : _length - Position(ref reader);

    // Consumes `size` bytes the caller has validated: one whole value, or the header of an array or map.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Consume(ref MessagePackReader reader, int size, Step step)
    {
        if (_inStep)
        {
            MoveReader(ref reader, step);
        }
        else
        {
            _cursor += size;
        }
    }

    private static void MoveReader(ref MessagePackReader reader, Step step)
    {
        // Every step was checked to be whole, so none of these can run past the end. Not ReadArrayHeader/ReadMapHeader:
        // their reservation of bytes for the elements is cumulative and would throw where this reader decided to go on.
        switch (step)
        {
            case Step.ArrayHeader:
                reader.TryReadArrayHeader(out _);
                break;
            case Step.MapHeader:
                reader.TryReadMapHeader(out _);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    // Moves the reader up to the cursor, and keeps it in step from now on (generated map readers read reader.Consumed).
    private void EnterStep(ref MessagePackReader reader)
    {
        CatchUp(ref reader);
        _inStep = true;
    }

    // Moves the reader up to the cursor: what it has not consumed yet, the context has.
    private readonly void CatchUp(ref MessagePackReader reader)
    {
        if (!_inStep && _cursor > reader.Consumed)
        {
            reader.ReadRaw(_cursor - reader.Consumed);
        }
    }

    /// <summary>The next byte's MessagePack code without consuming it; false at the end of the datagram.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryPeekCode(ref MessagePackReader reader, out byte code)
    {
        if (TryPeekInPlace(ref reader, out var unread))
        {
            code = unread.IsEmpty ? (byte)0 : unread[0];
            return !unread.IsEmpty;
        }

        code = reader.End ? (byte)0 : reader.NextCode;
        return !reader.End;
    }

    /// <summary>
    /// The envelope header in its common form, decoded at once: a fixarray of 1..15 elements whose first is a type id
    /// from 1 to 2^32-1 in a fixint, uint 8, 16 or 32, in a datagram within the size limit and the allocation budget.
    /// False (having consumed and charged nothing) for anything else, which <see cref="DatagramEnvelope.TryReadHeader"/>
    /// then reads value by value, with its reports.
    /// </summary>
    internal bool TryReadCommonHeader(ref MessagePackReader reader, out uint typeId, out int memberCount)
    {
        typeId = 0;
        memberCount = 0;
        // (TryPeekInPlace first: it captures, and a context that captures reads in step.)
        if (!TryPeekInPlace(ref reader, out var unread) || _inStep || unread.Length < 2)
        {
            return false;
        }

        int count = unread[0] - MessagePackCode.MinFixArray;
        var limits = Limits;
        if ((uint)(count - 1) >= 15 || count > limits.MaxCollectionLength || count > unread.Length - 1 || Depth >= limits.MaxDepth
            || _length > limits.MaxDatagramSize || _allocated + ArrayCost((ulong)count) > limits.AllocationBudget(_length))
        {
            return false;
        }

        byte code = unread[1];
        int idSize;
        if (code <= MessagePackCode.MaxFixInt)
        {
            (typeId, idSize) = (code, 1);
        }
        else if (code == MessagePackCode.UInt8 && unread.Length >= 3)
        {
            (typeId, idSize) = (unread[2], 2);
        }
        else if (code == MessagePackCode.UInt16 && unread.Length >= 4)
        {
            (typeId, idSize) = (System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(unread[2..]), 3);
        }
        else if (code == MessagePackCode.UInt32 && unread.Length >= 6)
        {
            (typeId, idSize) = (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(unread[2..]), 5);
        }
        else
        {
            return false;
        }

        if (typeId == 0)
        {
            return false;
        }

        _cursor += 1 + idSize;
        _allocated += ArrayCost((ulong)count);
        Depth++;
        memberCount = count - 1;
        return true;
    }

    /// <summary>
    /// Ends a whole datagram: fails with <see cref="MalformedDatagramReason.TrailingBytes"/> if anything follows the
    /// envelope, and otherwise leaves the reader at the end.
    /// </summary>
    internal bool TryFinish(ref MessagePackReader reader)
    {
        if (!_captured)
        {
            Capture(ref reader);
        }

        if (Remaining(ref reader) != 0)
        {
            return Fail(ref reader, MalformedDatagramReason.TrailingBytes);
        }

        if (!_readerDropped)
        {
            CatchUp(ref reader);
        }
        return true;
    }
}

using MessagePack;
using TypedDgram.Sockets;

namespace TypedDgram.Contracts;

/// <summary>
/// The state of reading one untrusted datagram: the <see cref="DatagramReaderLimits"/>, the current nesting depth and,
/// once a read has failed, why and where. Pass one to <see cref="DatagramEnvelope.TryRead{T}"/> to read without exceptions.
/// </summary>
/// <remarks>
/// Generated readers read through <see cref="Generated.DatagramReading"/>, whose methods validate every header against
/// the bytes that remain before consuming or allocating anything, and return false instead of throwing.
/// Malformed input never throws: a flood of bad datagrams costs a bounded amount of work and memory per datagram.
/// Each method consumes its value only when it returns true; on false the reader stays at the value that failed,
/// whose offset is <see cref="FailureOffset"/>. One context reads one datagram with one reader; between calls the
/// reader stands after what the context has read, so a caller may read on with the reader itself.
/// </remarks>
public partial struct DatagramReadContext
{
    private readonly DatagramReaderLimits? _limits;
    private long _allocated; // see DatagramReadContext.Allocation.cs
    private bool _authenticated;

    // The cursor (see DatagramReadContext.Cursor.cs).
    private byte[]? _bytes;     // the datagram's array once captured; null until then and for multi-segment input
    private int _origin;        // the index in _bytes of the reader's first byte
    private int _length;        // the datagram's length
    private int _cursor;        // bytes consumed, while not in step (the reader catches up to it on demand)
    private bool _captured;
    private bool _inStep;       // the reader's position is the truth: a public context, multi-segment input, or a map was entered
    private bool _readerDropped; // the caller drops the reader with the context: a whole datagram need not move it
    private HeaderBytes _scratch; // a header copied out of multi-segment input
    private Type? _contract;      // the contract a failed read was reading, noted on failure only (see NoteFailedContract)
    private IReadOnlyList<string>? _memberNames;

    /// <summary>Creates a context that reads under <paramref name="limits"/>.</summary>
    public DatagramReadContext(DatagramReaderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>
    /// A context for <paramref name="datagram"/>, read from its start by a reader the caller drops together with the
    /// context (the receive path, Deserialize): the datagram is captured now rather than asked of the reader, and a
    /// whole datagram leaves the reader where it is instead of moving it to the end.
    /// </summary>
    internal DatagramReadContext(DatagramReaderLimits limits, ReadOnlyMemory<byte> datagram)
        : this(limits)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(datagram, out var segment))
        {
            (_bytes, _origin, _length, _cursor) = (segment.Array, segment.Offset, segment.Count, 0);
            _captured = true;
            _readerDropped = true;
        }
    }

    /// <summary>
    /// Whether the datagram's HMAC verified (set by the receive path, which strips it): only then are
    /// <c>[Datagram(Authenticated = true)]</c> contracts read; otherwise they fail as <see cref="MalformedDatagramReason.Unauthenticated"/>.
    /// </summary>
    public bool Authenticated
    {
        readonly get => _authenticated;

        // Only the library's receive paths, which verified the HMAC, may vouch for a datagram: a public setter would
        // let any caller read an unauthenticated datagram as an Authenticated contract.
        internal init => _authenticated = value;
    }

    /// <summary>The limits in force; <see cref="DatagramReaderLimits.Default"/> for a default context.</summary>
    public readonly DatagramReaderLimits Limits => _limits ?? DatagramReaderLimits.Default;

    /// <summary>How many arrays and maps enclose the next value (the envelope counts as 1).</summary>
    public int Depth { readonly get; private set; }

    /// <summary>The first reason a read failed, or <see cref="MalformedDatagramReason.None"/>.</summary>
    public MalformedDatagramReason Failure { readonly get; private set; }

    /// <summary>The byte offset of the value whose read failed first.</summary>
    public long FailureOffset { readonly get; private set; }

    /// <summary>The error describing the first failure, for a datagram whose type id is <paramref name="typeId"/> if known, from <paramref name="sender"/> if received.</summary>
    public readonly MalformedDatagramException ToException(uint? typeId = null, RemoteInfo? sender = null) => ToException(typeId, sender, contract: null);

    /// <summary>
    /// As <see cref="ToException(uint?, RemoteInfo?)"/>, naming <paramref name="contract"/> (where the reader knows it)
    /// and, for a datagram this context captured, the member the failure is in.
    /// </summary>
    internal readonly MalformedDatagramException ToException(uint? typeId, RemoteInfo? sender, Type? contract)
    {
        int? member = _captured && _bytes is not null && IsInMember(Failure) ? MemberLocator.MemberAt(_bytes.AsSpan(_origin, _length), FailureOffset) : null;
        contract ??= _contract;
        var names = contract is not null && contract == _contract ? _memberNames : null;
        return new(Failure, FailureOffset, typeId)
        {
            Sender = sender,
            Contract = contract?.FullName,
            Member = member,
            MemberName = member is { } index && names is not null && index < names.Count ? names[index] : null,
        };
    }

    /// <summary>
    /// Notes which contract a failed read was reading (<see cref="DatagramEnvelope.TryReadBody{T}"/> calls it once a read
    /// has failed, so a good datagram pays nothing): the report then names the contract and member, also on paths that
    /// know only the type id, such as a handler class's generated dispatch.
    /// </summary>
    internal void NoteFailedContract<T>()
        where T : IDatagram<T>
    {
        _contract = typeof(T);
        _memberNames = T.MemberNames;
    }

    // Failures of the datagram as a whole are in no member.
    private static bool IsInMember(MalformedDatagramReason reason) => reason is not (MalformedDatagramReason.NotAnEnvelope
        or MalformedDatagramReason.TrailingBytes or MalformedDatagramReason.WrongTypeId or MalformedDatagramReason.DatagramTooLarge
        or MalformedDatagramReason.Unauthenticated or MalformedDatagramReason.None);

    /// <summary>Records <paramref name="reason"/> at the reader's position (unless a failure is already recorded) and returns false.</summary>
    internal bool Fail(ref MessagePackReader reader, MalformedDatagramReason reason)
    {
        CatchUp(ref reader);
        return FailAt(Position(ref reader), reason);
    }

    /// <summary>Records that a member with no default value is missing from the end of the array, and returns false.</summary>
    internal bool FailMissingMember(ref MessagePackReader reader) => Fail(ref reader, MalformedDatagramReason.MissingMember);

    /// <summary>Records that a map holds a key twice, and returns false.</summary>
    internal bool FailDuplicateKey(long keyOffset) => FailAt(keyOffset, MalformedDatagramReason.DuplicateKey);

    private bool FailAt(long offset, MalformedDatagramReason reason)
    {
        if (Failure == MalformedDatagramReason.None)
        {
            Failure = reason;
            FailureOffset = offset;
        }

        return false;
    }

    /// <summary>Consumes a nil and returns true if the next value is nil; otherwise consumes nothing and returns false.</summary>
    internal bool TryReadNil(ref MessagePackReader reader)
    {
        if (!TryPeekCode(ref reader, out var code) || code != MessagePackCode.Nil)
        {
            return false;
        }

        Consume(ref reader, 1, Step.Value);
        return true;
    }

    /// <summary>
    /// Reads an array header of at most <see cref="DatagramReaderLimits.MaxCollectionLength"/> elements, each taking at least
    /// <paramref name="minElementSize"/> bytes in the bytes that remain, and enters it (depth + 1). Pair with <see cref="End"/>.
    /// </summary>
    internal bool TryBeginArray(ref MessagePackReader reader, int minElementSize, out int count)
        => TryBeginCollection(ref reader, isMap: false, minElementSize, out count);

    /// <summary><see cref="TryBeginArray(ref MessagePackReader, int, out int)"/> charging <paramref name="elementSize"/> bytes per element (at least a slot's 8).</summary>
    internal bool TryBeginArray(ref MessagePackReader reader, int minElementSize, int elementSize, out int count)
        => TryBeginCollection(ref reader, isMap: false, minElementSize, out count, elementSize: elementSize);

    /// <summary><see cref="TryBeginMap(ref MessagePackReader, int, out int)"/> charging keys and values of <paramref name="keyAndValueSize"/> bytes together.</summary>
    internal bool TryBeginMap(ref MessagePackReader reader, int minEntrySize, int keyAndValueSize, out int count)
    {
        EnterStep(ref reader);
        return TryBeginCollection(ref reader, isMap: true, minEntrySize, out count, elementSize: keyAndValueSize);
    }

    /// <summary>
    /// Reads a map header of at most <see cref="DatagramReaderLimits.MaxCollectionLength"/> entries, each taking at least
    /// <paramref name="minEntrySize"/> bytes in the bytes that remain, and enters it (depth + 1). Pair with <see cref="End"/>.
    /// </summary>
    internal bool TryBeginMap(ref MessagePackReader reader, int minEntrySize, out int count)
    {
        EnterStep(ref reader);
        return TryBeginCollection(ref reader, isMap: true, minEntrySize, out count);
    }

    /// <summary>Leaves the array or map entered last.</summary>
    internal void End() => Depth--;

    /// <summary>Reads a nested part or contract written as an array of its members.</summary>
    internal bool TryReadPart<T>(ref MessagePackReader reader, out T value)
        where T : IDatagramPart<T>
    {
        value = default!;
        if (!TryBeginArray(ref reader, minElementSize: 1, out var count))
        {
            return false;
        }

        // Charged before the members are read and the part is made: what arrived is no measure of what it takes.
        if (PartCostBeyondHeader<T>(count) is > 0 and var beyond && !TryCharge(ref reader, beyond))
        {
            return false;
        }

        if (!T.TryReadMembers(ref reader, count, ref this, out var read))
        {
            return false;
        }

        End();
        value = read;
        return true;
    }

    /// <summary>Skips <paramref name="count"/> values of any type (the trailing members a newer writer added).</summary>
    internal bool TrySkip(ref MessagePackReader reader, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!TrySkip(ref reader))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Skips one value of any type, nested arrays and maps included, within the depth limit.</summary>
    internal bool TrySkip(ref MessagePackReader reader)
    {
        var header = Peek(ref reader);
        if (header.IsEmpty)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        if (IsArrayCode(code) || IsMapCode(code))
        {
            var isMap = IsMapCode(code);
            if (!TryBeginCollection(ref reader, isMap, minElementSize: isMap ? 2 : 1, out var count, enforceLength: false))
            {
                return false;
            }

            if (!TrySkip(ref reader, isMap ? count * 2 : count))
            {
                return false;
            }

            End();
            return true;
        }

        if (!TryMeasureScalar(header, out var size))
        {
            return Fail(ref reader, size == 0 ? MalformedDatagramReason.InvalidCode : MalformedDatagramReason.Truncated);
        }

        if (size > Remaining(ref reader))
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        Consume(ref reader, (int)size, Step.Value);
        return true;
    }

    private bool TryBeginCollection(ref MessagePackReader reader, bool isMap, int minElementSize, out int count, bool enforceLength = true, int elementSize = 0)
    {
        count = 0;
        var header = Peek(ref reader);
        if (header.IsEmpty)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        int headerSize;
        ulong length;
        if (code - (isMap ? MessagePackCode.MinFixMap : MessagePackCode.MinFixArray) is >= 0 and < 16)
        {
            // fixarray / fixmap: the common case, without the general header decoding.
            (headerSize, length) = (1, (ulong)(code & 0x0F));
        }
        else if (isMap ? !IsMapCode(code) : !IsArrayCode(code))
        {
            return Fail(ref reader, UnexpectedTypeFor(code));
        }
        else if (!TryReadLengthHeader(header, out headerSize, out length))
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if (enforceLength && length > (ulong)Limits.MaxCollectionLength)
        {
            return Fail(ref reader, MalformedDatagramReason.TooManyElements);
        }

        // Checked before anything is allocated: the elements must fit in what is left of the datagram.
        if (length * (ulong)Math.Max(minElementSize, 1) > (ulong)(Remaining(ref reader) - headerSize))
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if (Depth + 1 > Limits.MaxDepth)
        {
            return Fail(ref reader, MalformedDatagramReason.TooDeep);
        }

        if (enforceLength && !TryCharge(ref reader, isMap ? MapCost(length, elementSize) : ArrayCost(length, elementSize)))
        {
            return false;
        }

        Consume(ref reader, headerSize, isMap ? Step.MapHeader : Step.ArrayHeader);
        Depth++;
        count = (int)length;
        return true;
    }
}

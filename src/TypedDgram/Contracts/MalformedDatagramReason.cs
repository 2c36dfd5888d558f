namespace TypedDgram.Contracts;

/// <summary>Why a datagram was rejected as malformed; carried by <see cref="MalformedDatagramException"/>.</summary>
public enum MalformedDatagramReason
{
    /// <summary>Nothing is wrong.</summary>
    None = 0,

    /// <summary>The datagram ends in the middle of a value, or a header claims more bytes or elements than remain.</summary>
    Truncated,

    /// <summary>The datagram is not one MessagePack array whose element 0 is a type id.</summary>
    NotAnEnvelope,

    /// <summary>Bytes follow the envelope array.</summary>
    TrailingBytes,

    /// <summary>A value has a MessagePack type the member cannot hold (a string where an integer belongs, ...).</summary>
    UnexpectedType,

    /// <summary>A number does not fit the member's type, or a date, time or offset is outside its range.</summary>
    OutOfRange,

    /// <summary>A string is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>A string, <c>decimal</c> or <c>Guid</c> is not in its documented text form.</summary>
    InvalidFormat,

    /// <summary>A string or binary value is longer than <see cref="DatagramReaderLimits.MaxStringLength"/> or <see cref="DatagramReaderLimits.MaxBinaryLength"/>.</summary>
    TooLong,

    /// <summary>A collection has more elements than <see cref="DatagramReaderLimits.MaxCollectionLength"/>.</summary>
    TooManyElements,

    /// <summary>Arrays and maps nest deeper than <see cref="DatagramReaderLimits.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>Nil where the member is not nullable.</summary>
    UnexpectedNil,

    /// <summary>A member that has no default value is missing from the end of the array.</summary>
    MissingMember,

    /// <summary>A map holds the same key twice.</summary>
    DuplicateKey,

    /// <summary>The type id is not the one of the contract being read.</summary>
    WrongTypeId,

    /// <summary>The reserved MessagePack code 0xC1 or another value no MessagePack writer produces.</summary>
    InvalidCode,

    /// <summary>The datagram is longer than <see cref="DatagramReaderLimits.MaxDatagramSize"/>.</summary>
    DatagramTooLarge,

    /// <summary>Reading it would allocate more than <see cref="DatagramReaderLimits.AllocationBudget"/> allows for its length.</summary>
    TooMuchAllocation,

    /// <summary>The contract is <c>[Datagram(Authenticated = true)]</c> and the datagram's HMAC is missing or wrong, or it is a replay.</summary>
    Unauthenticated,
}

namespace TypedDgram.Contracts;

/// <summary>
/// Bytes written before a contract's envelope in the same pooled buffer (PubSub's publication header), by
/// <see cref="PooledEnvelope.Serialize{T, TPrefix}"/>. A struct, so the serializer is specialised for it and nothing is boxed.
/// </summary>
internal interface IPooledPrefix
{
    /// <summary>The most bytes <see cref="Write"/> may write.</summary>
    int MaxLength { get; }

    /// <summary>Writes the prefix at the start of <paramref name="destination"/> and returns its length.</summary>
    int Write(Span<byte> destination);
}

namespace TypedDgram.PubSub;

/// <summary>What the reassembler did with one fragment (docs/wire-format.md, section 7, "Fragments").</summary>
internal enum FragmentOutcome
{
    /// <summary>Kept; the publication still misses bytes.</summary>
    Added,

    /// <summary>It was the last missing part: the publication is whole and handed on.</summary>
    Completed,

    /// <summary>Its bytes were all there already, the same (a network duplicate, a repair): ignored.</summary>
    Duplicate,

    /// <summary>It claims a publication larger than this bus's <c>MaxPublicationSize</c>: dropped.</summary>
    TooLarge,

    /// <summary>It claims a different total length than the publication's first fragment did: dropped.</summary>
    Inconsistent,

    /// <summary>Its bytes end past the publication's total length: dropped.</summary>
    OutOfRange,

    /// <summary>It overlaps bytes already received with different bytes: dropped, the first ones kept.</summary>
    Overlapping,

    /// <summary>No room for another publication in progress (the limits in reassemblies or bytes): dropped.</summary>
    NoRoom,
}

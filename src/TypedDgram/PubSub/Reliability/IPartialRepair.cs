namespace TypedDgram.PubSub;

/// <summary>
/// What an <see cref="OrderedStream"/> asks of reassembly (the bus) about a missing publication number that may have
/// arrived in part: NAK only the bytes it lacks, and release the part when the number is given up.
/// </summary>
internal interface IPartialRepair
{
    /// <summary>
    /// If part of publication <paramref name="publication"/> of <paramref name="publisherId"/> is held in reassembly,
    /// sends at most <paramref name="maxFrames"/> fragment NAKs (kind 6) for the bytes it lacks and returns how many
    /// were sent; -1 when nothing of it is held (the number is NAKed whole, which brings back every fragment).
    /// </summary>
    int NakMissingBytes(ulong publisherId, ulong publication, int maxFrames);

    /// <summary>The stream gave <paramref name="publication"/> up: whatever reassembly holds of it is released.</summary>
    void GiveUp(ulong publisherId, ulong publication);
}

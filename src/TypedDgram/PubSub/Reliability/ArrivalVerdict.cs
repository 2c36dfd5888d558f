namespace TypedDgram.PubSub;

/// <summary>What <see cref="OrderedStream.Arrive"/> did with a publication.</summary>
internal enum ArrivalVerdict
{
    /// <summary>Delivered now (and with it any held publications it was the gap before).</summary>
    Delivered,

    /// <summary>Held back until the numbers before it arrive or are given up.</summary>
    Held,

    /// <summary>Already delivered or held: a retransmission this subscriber did not need, or a network duplicate.</summary>
    Duplicate,

    /// <summary>Without a key, too far ahead to be believed yet (see <see cref="OrderedStream"/>'s remarks); not delivered.</summary>
    Ignored,
}

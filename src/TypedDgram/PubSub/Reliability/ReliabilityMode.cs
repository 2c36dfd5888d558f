namespace TypedDgram.PubSub;

/// <summary>What a bus does about publications lost on the way (<see cref="MulticastOptions.Reliability"/>).</summary>
public enum ReliabilityMode
{
    /// <summary>
    /// Each publication is sent once; a subscriber delivers what arrives, as it arrives, and counts what it missed
    /// (<see cref="BusStats.Lost"/>). Nothing is kept or asked for again: no cost beyond the publication itself.
    /// </summary>
    BestEffort = 0,

    /// <summary>
    /// Publishers keep their last publications (<see cref="MulticastOptions.History"/>) and re-send them when a
    /// subscriber asks (a NAK); subscribers ask for exactly the numbers they missed and deliver each publisher's
    /// publications in order, once each. A gap that cannot be repaired is skipped and counted
    /// (<see cref="BusStats.Unrecoverable"/>): the stream never stalls. Every bus of the group should use it
    /// (docs/reliability.md, "Reliable pub/sub").
    /// </summary>
    Reliable = 1,
}

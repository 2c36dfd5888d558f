using System.Globalization;

namespace TypedDgram.Nats;

/// <summary>What a <see cref="NatsBridge"/> relayed, and what it did not and why.</summary>
/// <param name="ToNats">Publications relayed from the multicast group to NATS.</param>
/// <param name="ToMulticast">Publications relayed from NATS to the multicast group.</param>
/// <param name="LoopsStopped">Publications not relayed because their publisher is on the other side: a bridged publication coming back.</param>
/// <param name="Skipped">Publications of contracts the bridge does not relay.</param>
/// <param name="Malformed">Datagrams or messages that are not publications (docs/wire-format.md, section 7); never relayed.</param>
/// <param name="TooLarge">Publications from NATS larger than the multicast side's <c>MaxDatagramSize</c>; not relayed.</param>
/// <param name="Failed">Relays whose send failed (each also raised on <see cref="NatsBridge.Error"/>).</param>
public sealed record NatsBridgeStats(long ToNats, long ToMulticast, long LoopsStopped, long Skipped, long Malformed, long TooLarge, long Failed)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"to NATS {ToNats}, to multicast {ToMulticast}, loops stopped {LoopsStopped}, skipped {Skipped}, malformed {Malformed}, too large {TooLarge}, failed {Failed}");
}

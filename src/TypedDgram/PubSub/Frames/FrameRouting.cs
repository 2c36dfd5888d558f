using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Where a frame goes on a link, by kind. Frames that carry publications (a batch, a fragment) go where publications
/// of no one contract go, <see cref="IBusLink.ControlDestination"/>, and are shared out as publications are; frames
/// about a publisher's stream (its heartbeat, a NAK or fragment NAK of it, a request for its history) go to
/// <see cref="IBusLink.BroadcastDestination"/>, because every bus must see them: a member of a NATS queue group that
/// missed its publisher's heartbeats would report it lost while it is alive. On a multicast group both are the group.
/// </summary>
internal static class FrameRouting
{
    /// <summary>Whether every bus of the link must receive frames of <paramref name="kind"/>.</summary>
    public static bool ReachesEveryBus(FrameKind kind) => kind is FrameKind.Heartbeat or FrameKind.Nak or FrameKind.FragmentNak or FrameKind.HistoryRequest;

    /// <summary>Where <paramref name="link"/> takes frames of <paramref name="kind"/> (not a lone publication: see <see cref="IBusLink.DestinationOf(uint)"/>).</summary>
    public static TransportDestination FrameDestinationOf(this IBusLink link, FrameKind kind) =>
        ReachesEveryBus(kind) ? link.BroadcastDestination : link.ControlDestination;
}

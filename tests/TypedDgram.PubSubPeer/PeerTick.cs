using TypedDgram.Contracts;

namespace TypedDgram.PubSubPeer;

/// <summary>What the peer publishes: its own count, so a subscriber can tell which publication it got.</summary>
[Datagram(Id = 0x7E57_0100)]
public partial record PeerTick(long Count, string Text);

using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Keeps a datagram of publications as it was sent (reliable mode's history): publications <paramref name="first"/> ..
/// <paramref name="first"/> + <paramref name="count"/> - 1, its bytes (sealed with a key) and where it went; for a
/// fragment frame of publication <paramref name="first"/>, <paramref name="fragment"/> is the part of it it carries.
/// </summary>
internal delegate void SentRecorder(ulong first, int count, ReadOnlySpan<byte> datagram, TransportDestination destination, FragmentSpan? fragment);

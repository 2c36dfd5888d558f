using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>The group key of a peer: <c>key=HEX</c> (the secret in hex) and <c>key-id=N</c> (default 1), or none.</summary>
internal static class PeerKey
{
    public static GroupKey? From(PeerArgs args) =>
        args.OptionalText("key") is { } hex ? new GroupKey(args.Number("key-id", 1), Convert.FromHexString(hex)) : null;
}

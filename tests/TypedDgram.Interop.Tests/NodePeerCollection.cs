namespace TypedDgram.Interop.Tests;

/// <summary>The interop tests share one Node.js peer; each test talks to it from its own socket.</summary>
[CollectionDefinition(Name)]
public sealed class NodePeerCollection : ICollectionFixture<NodePeer>
{
    public const string Name = "Node.js peer";
}

using TypedDgram.Interop.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

[Collection(NodePeerCollection.Name)]
public class PingPongTests(NodePeer peer)
{
    [SkippableFact]
    public async Task Typed_Ping_to_Node_is_answered_with_a_typed_Pong_that_is_dispatched_to_its_handler()
    {
        await using var client = await PeerClient.StartAsync(peer);
        var sentAt = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5)).AddTicks(1_234_567);

        await client.SendAsync(new Ping(41, sentAt, "hello from C# ✓"));

        var (pong, from) = await client.NextAsync<Pong>();
        Assert.Equal(41, pong.Seq);
        Assert.True(sentAt.EqualsExact(pong.SentAt), $"SentAt: sent {sentAt:O}, got {pong.SentAt:O}");
        Assert.Equal("hello from C# ✓", pong.Echo);
        Assert.StartsWith("node v", pong.Runtime, StringComparison.Ordinal);
        Assert.Equal(("127.0.0.1", peer.Port), (from.Address, from.Port));
    }
}

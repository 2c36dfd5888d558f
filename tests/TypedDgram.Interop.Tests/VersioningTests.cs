using TypedDgram.Contracts;
using TypedDgram.Interop.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

/// <summary>docs/wire-format.md section 4 across languages: the Node peer plays an older and a newer program.</summary>
[Collection(NodePeerCollection.Name)]
public class VersioningTests(NodePeer peer)
{
    [SkippableFact]
    public async Task A_newer_Status_from_Node_reads_with_its_extra_trailing_members_skipped()
    {
        await using var client = await PeerClient.StartAsync(peer);

        // Node writes [20, 7, [1, 2, 3], "newer", 9000000000, ["a", "b"], {"k": [{"n": 1}]}].
        await client.SendAsync(new Control.Request("status-newer"));

        var (status, _) = await client.NextAsync<Status>();
        Assert.Equal(new Status(7, new Point(1, 2), "newer", 9_000_000_000), status);
    }

    [SkippableFact]
    public async Task An_older_Status_from_Node_reads_with_its_missing_trailing_members_defaulted()
    {
        await using var client = await PeerClient.StartAsync(peer);

        // Node writes [20, 8, [5]]: Point.Y, Detail and Uptime are missing.
        await client.SendAsync(new Control.Request("status-older"));

        var (status, _) = await client.NextAsync<Status>();
        Assert.Equal(new Status(8, new Point(5, 0), Detail: null, Uptime: 42), status);
    }

    [SkippableFact]
    public async Task An_older_Labeled_from_Node_without_its_required_member_is_MissingMember()
    {
        await using var client = await PeerClient.StartAsync(peer);

        // Node writes [21, 9]: Label is a non-nullable string without a default.
        await client.SendAsync(new Control.Request("labeled-older"));

        var error = Assert.IsType<MalformedDatagramException>(await client.NextErrorAsync());
        Assert.Equal(MalformedDatagramReason.MissingMember, error.Reason);
        Assert.Equal(21u, error.TypeId);
        Assert.Equal(peer.Port, error.Sender?.Port);
    }

    [SkippableFact]
    public async Task Node_as_an_older_program_skips_the_members_it_does_not_know_and_its_answer_reads_with_defaults()
    {
        await using var client = await PeerClient.StartAsync(peer);

        // Node knows Status as [Code, [X]]: it reads 3 and [4] and answers [20, 3, [4]].
        await client.SendAsync(new Status(3, new Point(4, 5), "detail", 77));

        var (status, _) = await client.NextAsync<Status>();
        Assert.Equal(new Status(3, new Point(4, 0)), status);
    }
}

using TypedDgram.Interop.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

/// <summary>
/// Every member type, both ways, for each fixture: the Node peer holds its own copy of each fixture (written in
/// JavaScript from the contract and docs/wire-format.md), so each side checks what the other wrote, not only its echo.
/// </summary>
[Collection(NodePeerCollection.Name)]
public class EverythingTests(NodePeer peer)
{
    public static TheoryData<string> Fixtures => EverythingFixtures.Names;

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public async Task Node_reads_what_CSharp_wrote_as_its_own_copy_of_the_fixture(string fixture)
    {
        await using var client = await PeerClient.StartAsync(peer);

        await client.SendAsync(new Control.Check(fixture, EverythingFixtures.ByName[fixture]));

        var (verdict, _) = await client.NextAsync<Control.Verdict>();
        Assert.Equal(fixture, verdict.Fixture);
        Assert.Null(verdict.Mismatch);
    }

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public async Task CSharp_reads_what_Node_wrote_as_the_CSharp_fixture(string fixture)
    {
        await using var client = await PeerClient.StartAsync(peer);

        await client.SendAsync(new Control.Request(fixture));

        var (everything, _) = await client.NextAsync<Everything>();
        SameEverything.AssertEqual(EverythingFixtures.ByName[fixture], everything);
    }

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public async Task A_fixture_that_Node_read_and_wrote_again_comes_back_equal(string fixture)
    {
        await using var client = await PeerClient.StartAsync(peer);

        await client.SendAsync(EverythingFixtures.ByName[fixture]);

        var (everything, _) = await client.NextAsync<Everything>();
        SameEverything.AssertEqual(EverythingFixtures.ByName[fixture], everything);
    }
}

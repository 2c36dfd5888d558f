using TypedDgram.Interop.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

[Collection(NodePeerCollection.Name)]
public class NominalRecordTests(NodePeer peer)
{
    [SkippableFact]
    public async Task Node_reads_a_nominal_record_by_the_order_its_properties_are_declared()
    {
        await using var client = await PeerClient.StartAsync(peer);

        // Node answers Settings with Volume + 1 and Name in upper case: a swapped order would not read at all.
        await client.SendAsync(new Settings { Volume = 10, Name = "loud" });

        var (settings, _) = await client.NextAsync<Settings>();
        Assert.Equal(new Settings { Volume = 11, Name = "LOUD" }, settings);
    }
}

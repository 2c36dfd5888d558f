using TypedDgram.Contracts;
using TypedDgram.Interop.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

/// <summary>Hashed type ids (docs/wire-format.md section 2) as the Node peer computes them from CLR full names.</summary>
[Collection(NodePeerCollection.Name)]
public class TypeIdTests(NodePeer peer)
{
    [SkippableFact]
    public async Task Node_computes_the_hashed_type_ids_the_generator_gave_each_contract()
    {
        await using var client = await PeerClient.StartAsync(peer);
        var expected = new SortedDictionary<string, uint>(StringComparer.Ordinal)
        {
            [typeof(Ping).FullName!] = IdOf<Ping>(),
            [typeof(Pong).FullName!] = IdOf<Pong>(),
            [typeof(Names.Grüße).FullName!] = IdOf<Names.Grüße>(),
            [typeof(Control.Check).FullName!] = IdOf<Control.Check>(),
            [typeof(Control.Verdict).FullName!] = IdOf<Control.Verdict>(),
            [typeof(Control.Request).FullName!] = IdOf<Control.Request>(),
            [typeof(Control.Failure).FullName!] = IdOf<Control.Failure>(),
            [typeof(Control.TypeIds).FullName!] = IdOf<Control.TypeIds>(),
            [typeof(Control.Subscribe).FullName!] = IdOf<Control.Subscribe>(),
            [typeof(Control.Subscribed).FullName!] = IdOf<Control.Subscribed>(),
            [typeof(Control.Heard).FullName!] = IdOf<Control.Heard>(),
        };

        await client.SendAsync(new Control.Request("type-ids"));

        var (answer, _) = await client.NextAsync<Control.TypeIds>();
        Assert.Equal(expected, new SortedDictionary<string, uint>(answer.Ids, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_contract_with_a_nested_non_ASCII_name_goes_to_Node_and_back()
    {
        await using var client = await PeerClient.StartAsync(peer);

        await client.SendAsync(new Names.Grüße("grüß dich"));

        var (greeting, _) = await client.NextAsync<Names.Grüße>();
        Assert.Equal(new Names.Grüße("grüß dich"), greeting);
    }

    private static uint IdOf<T>()
        where T : IDatagram<T>
        => T.TypeId;
}

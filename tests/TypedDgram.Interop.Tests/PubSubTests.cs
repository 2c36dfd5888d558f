using TypedDgram.Contracts;
using TypedDgram.Interop.Tests.Contracts;
using TypedDgram.PubSub;

namespace TypedDgram.Interop.Tests;

/// <summary>
/// A MulticastBus's publications (docs/wire-format.md, section 7) read by the Node peer, which knows the format from
/// the document alone: each one's publisher id, sequence, type id and contract must come out as sent.
/// </summary>
[Collection(NodePeerCollection.Name)]
public class PubSubTests(NodePeer peer)
{
    private const int Count = 3;

    [SkippableFact]
    public async Task Publications_of_a_MulticastBus_are_read_by_a_Node_subscriber_header_and_contract()
    {
        await using var client = await PeerClient.StartAsync(peer);
        var group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = "127.0.0.1" });
        await client.SendAsync(new Control.Subscribe(group, bus.Port, Count));
        await client.NextAsync<Control.Subscribed>();

        for (var i = 0; i < Count; i++)
        {
            await bus.PublishAsync(EverythingFixtures.Typical);
        }

        for (ulong sequence = 0; sequence < Count; sequence++)
        {
            var (heard, _) = await client.NextAsync<Control.Heard>();
            Assert.Equal(new Control.Heard($"{bus.PublisherId:x16}", sequence, TypeIdOf<Everything>(), Mismatch: null), heard);
        }
    }

    [SkippableFact]
    public async Task A_batch_frame_written_from_the_documents_description_is_read_by_Node_as_its_publications()
    {
        await using var client = await PeerClient.StartAsync(peer);
        var group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = "127.0.0.1" });
        await client.SendAsync(new Control.Subscribe(group, bus.Port, Count));
        await client.NextAsync<Control.Subscribed>();

        // docs/wire-format.md section 7, "Batches": ["TDGP", 3, 1, publisherId, 300, [contract, contract, contract]],
        // here with a fixarray body header (a reader takes any array header).
        var contract = DatagramEnvelope.Serialize(EverythingFixtures.Typical);
        byte[] frame =
        [
            0x96, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x03, 0x01,
            0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
            0xcd, 0x01, 0x2c,
            0x90 | Count, .. contract, .. contract, .. contract,
        ];
        await using var raw = TypedDgram.Sockets.Dgram.CreateSocket("udp4");
        await raw.BindAsync(0, "127.0.0.1");
        raw.SetMulticastInterface("127.0.0.1");
        await raw.SendAsync(frame, bus.Port, group);

        for (ulong i = 0; i < Count; i++)
        {
            var (heard, _) = await client.NextAsync<Control.Heard>();
            Assert.Equal(new Control.Heard("0123456789abcdef", 300 + i, TypeIdOf<Everything>(), Mismatch: null), heard);
        }
    }

    [SkippableFact]
    public async Task Publications_of_a_coalescing_Publish_burst_are_read_by_Node_in_order_whatever_was_batched()
    {
        await using var client = await PeerClient.StartAsync(peer);
        var group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = "127.0.0.1" });
        const int burst = 40;
        await client.SendAsync(new Control.Subscribe(group, bus.Port, burst));
        await client.NextAsync<Control.Subscribed>();

        for (var i = 0; i < burst; i++)
        {
            bus.Publish(EverythingFixtures.Typical);
        }

        for (ulong sequence = 0; sequence < burst; sequence++)
        {
            var (heard, _) = await client.NextAsync<Control.Heard>();
            Assert.Equal(new Control.Heard($"{bus.PublisherId:x16}", sequence, TypeIdOf<Everything>(), Mismatch: null), heard);
        }
    }

    [SkippableFact]
    public async Task Fragmented_publications_of_a_MulticastBus_are_reassembled_by_a_Node_subscriber()
    {
        // A 100-byte MaxDatagramSize cuts each Everything publication into fragment frames of 48 contract bytes
        // (docs/wire-format.md section 7, "Fragments"), which the peer puts back together from the document alone.
        await using var client = await PeerClient.StartAsync(peer);
        var group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = "127.0.0.1", MaxDatagramSize = 100 });
        await client.SendAsync(new Control.Subscribe(group, bus.Port, Count));
        await client.NextAsync<Control.Subscribed>();
        Assert.True(DatagramEnvelope.Serialize(EverythingFixtures.Typical).Length > 100 * 3, "the fixture must take several fragments");

        for (var i = 0; i < Count; i++)
        {
            await bus.PublishAsync(EverythingFixtures.Typical);
        }

        for (ulong sequence = 0; sequence < Count; sequence++)
        {
            var (heard, _) = await client.NextAsync<Control.Heard>();
            Assert.Equal(new Control.Heard($"{bus.PublisherId:x16}", sequence, TypeIdOf<Everything>(), Mismatch: null), heard);
        }
    }

    private static uint TypeIdOf<T>()
        where T : IDatagram<T>
        => T.TypeId;
}

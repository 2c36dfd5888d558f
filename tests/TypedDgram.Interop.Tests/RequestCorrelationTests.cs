using TypedDgram.Contracts;
using TypedDgram.Interop.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

/// <summary>
/// docs/wire-format.md, section 8: a request carries its correlation id in one more element at the end of the envelope,
/// so a peer written from sections 1–6 alone, which does not know requests, still reads the contract.
/// </summary>
[Collection(NodePeerCollection.Name)]
public class RequestCorrelationTests(NodePeer peer)
{
    [SkippableFact]
    public async Task Node_peer_that_does_not_know_requests_reads_a_request_as_its_contract()
    {
        await using var client = await PeerClient.StartAsync(peer);
        var sentAt = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

        await client.SendRawAsync(AsRequest(DatagramEnvelope.Serialize(new Ping(8, sentAt, "as a request")), 0x0123456789ABCDEF));

        var (pong, _) = await client.NextAsync<Pong>();
        Assert.Equal((8, "as a request"), (pong.Seq, pong.Echo));
    }

    // Written from the section's text, not by the library's writer: the array counts one more element, and the
    // fixext 8 of type 0x71 holding the id big-endian follows the members.
    private static byte[] AsRequest(byte[] contract, ulong correlationId)
    {
        Assert.InRange(contract[0], 0x90, 0x9E);
        var request = new byte[contract.Length + 10];
        contract.CopyTo(request, 0);
        request[0]++;
        request[contract.Length] = 0xD7;
        request[contract.Length + 1] = 0x71;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(request.AsSpan(contract.Length + 2), correlationId);
        return request;
    }
}

using TypedDgram.Contracts;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>Batch frames built byte by byte for the receive tests, and what a sent datagram is, for the publishing tests.</summary>
internal static class Batches
{
    /// <summary>An unkeyed batch frame of <paramref name="publisherId"/> whose publications are numbered from <paramref name="first"/>.</summary>
    public static byte[] Frame(ulong publisherId, ulong first, params byte[][] contracts)
    {
        var buffer = new byte[PlainFrame.MaxHeaderLength + 3 + contracts.Sum(c => c.Length)];
        var length = PlainFrame.WriteHeader(buffer, FrameKind.Batch, publisherId, first);
        BatchBody.WriteArrayHeader(buffer.AsSpan(length));
        BatchBody.SetCount(buffer.AsSpan(length), contracts.Length);
        length += BatchBody.ArrayHeaderLength;
        foreach (var contract in contracts)
        {
            contract.CopyTo(buffer, length);
            length += contract.Length;
        }

        return buffer[..length];
    }

    /// <summary>The contract datagrams of <see cref="Trade"/>s <paramref name="from"/> .. <paramref name="from"/> + <paramref name="count"/> - 1.</summary>
    public static byte[][] Trades(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(n => DatagramEnvelope.Serialize(new Trade(n)))];

    /// <summary>What a sent unkeyed datagram is: its version, kind, sequence and how many publications it carries.</summary>
    public static (int Version, FrameKind Kind, ulong Sequence, int Publications) Describe(byte[] datagram)
    {
        Assert.True(PublicationHeader.TryRead(datagram, out var header, out var error), error.Reason);
        var version = datagram[0] == 0x95 ? 1 : datagram[6];
        if (header.Kind != FrameKind.Batch)
        {
            return (version, header.Kind, header.Sequence, 1);
        }

        Assert.True(BatchBody.TryReadCount(datagram.AsSpan(header.BodyOffset), out var count, out _));
        return (version, header.Kind, header.Sequence, count);
    }
}

using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>The batch frame of docs/wire-format.md, section 7, "Batches", byte by byte, and the reader's element walk.</summary>
public sealed class BatchFrameTests
{
    private static readonly byte[] Acme = [0x92, 0x07, 0xa4, .. "ACME"u8];
    private static readonly byte[] Init = [0x92, 0x07, 0xa4, .. "INIT"u8];

    [Fact]
    public void The_documented_example_is_what_the_writer_writes()
    {
        byte[] documented =
        [
            0x96,
            0xa4, 0x54, 0x44, 0x47, 0x50,
            0x03,
            0x01,
            0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
            0xcd, 0x01, 0x2c,
            0xdc, 0x00, 0x02,
            0x92, 0x07, 0xa4, 0x41, 0x43, 0x4d, 0x45,
            0x92, 0x07, 0xa4, 0x49, 0x4e, 0x49, 0x54,
        ];

        Assert.Equal(documented, Batches.Frame(0x0123_4567_89AB_CDEF, 300, Acme, Init));
        Assert.Equal(38, documented.Length);
    }

    [Fact]
    public async Task The_documented_example_reads_as_publications_300_and_301()
    {
        await using var bus = await Loopback.JoinAsync();
        var unhandled = 0;
        bus.Unhandled += (typeId, _) => unhandled += typeId == 7 ? 1 : 100;

        bus.OnDatagram(Batches.Frame(0x0123_4567_89AB_CDEF, 300, Acme, Init), new RemoteInfo("127.0.0.1", "IPv4", 41234, 38));

        var publisher = Assert.Single(bus.Stats.Publishers);
        Assert.Equal((2L, 301UL, 2), (publisher.Received, publisher.HighestSequence, unhandled));
    }

    [Fact]
    public void The_count_is_read_from_any_array_header_and_a_count_larger_than_the_bytes_is_refused()
    {
        Assert.True(BatchBody.TryReadCount([0x92, .. Acme, .. Init], out var count, out var first));
        Assert.Equal((2, 1), (count, first));
        Assert.True(BatchBody.TryReadCount([0xdd, 0, 0, 0, 1, .. Acme], out count, out first));
        Assert.Equal((1, 5), (count, first));

        Assert.False(BatchBody.TryReadCount([0x90], out _, out _));                 // empty
        Assert.False(BatchBody.TryReadCount([0xdc, 0x01, 0x00, .. Acme], out _, out _)); // 256 elements in 7 bytes
        Assert.False(BatchBody.TryReadCount([0xa4, .. "ACME"u8], out _, out _));    // not an array
    }

    [Fact]
    public void Each_element_is_found_by_its_MessagePack_structure_and_a_cut_one_stops_the_walk()
    {
        byte[] body = [0x92, .. Acme, .. Init];
        Assert.True(BatchBody.TryFindEnd(body, 1, out var end));
        Assert.Equal(8, end);
        Assert.True(BatchBody.TryFindEnd(body, 8, out end));
        Assert.Equal(15, end);

        Assert.False(BatchBody.TryFindEnd(body.AsSpan(0, 12), 8, out _));
        Assert.False(BatchBody.TryFindEnd([0x92, 0xc1], 0, out _));
    }
}

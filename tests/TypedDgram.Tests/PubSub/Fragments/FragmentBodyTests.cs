using MessagePack;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Fragments;

public class FragmentBodyTests
{
    private static byte[] Write(ulong publication, int total, int offset, byte[] bytes)
    {
        var buffer = new byte[FragmentBody.MaxOverhead + bytes.Length];
        var length = new FragmentBody(publication, total, offset, bytes).Write(buffer);
        return buffer[..length];
    }

    [Fact]
    public void Body_is_the_documented_array_publication_total_offset_bytes()
    {
        // The second fragment of the section 7 example: publication 300, total 7, offset 4, the bytes 43 4d 45.
        byte[] expected = [0x94, 0xcd, 0x01, 0x2c, 0x07, 0x04, 0xc4, 0x03, 0x43, 0x4d, 0x45];

        Assert.Equal(expected, Write(300, 7, 4, [0x43, 0x4d, 0x45]));
    }

    [Theory]
    [InlineData(0UL, 1, 0, 1)]
    [InlineData(ulong.MaxValue, int.MaxValue, int.MaxValue - 300, 300)]
    [InlineData(5UL, 70_000, 65_536, 256)]
    [InlineData(5UL, 200_000, 0, 70_000)]
    public void Body_round_trips_in_any_size(ulong publication, int total, int offset, int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        Assert.True(FragmentBody.TryRead(Write(publication, total, offset, bytes), out var read, out _));
        Assert.Equal((publication, total, offset), (read.Publication, read.Total, read.Offset));
        Assert.Equal(bytes, read.Bytes.ToArray());
    }

    [Fact]
    public void Body_written_by_another_MessagePack_writer_reads_the_same()
    {
        // A peer may pick other integer encodings (a signed one holding a non-negative value); the reader takes them.
        var body = MessagePackSerializer.Serialize(new object[] { (long)300, (short)7, (sbyte)4, new byte[] { 0x43, 0x4d, 0x45 } });

        Assert.True(FragmentBody.TryRead(body, out var read, out _));
        Assert.Equal((300UL, 7, 4), (read.Publication, read.Total, read.Offset));
    }

    public static TheoryData<string, byte[], int, string> Malformed => new()
    {
        { "not an array", [0xc0], 0, "not an array of 4" },
        { "3 elements", [0x93, 0x00, 0x01, 0x00], 0, "not an array of 4" },
        { "publication not an integer", [0x94, 0xa1, 0x41, 0x01, 0x00, 0xc4, 0x01, 0x00], 1, "publication number" },
        { "total 0", [0x94, 0x00, 0x00, 0x00, 0xc4, 0x01, 0x00], 2, "total length" },
        { "total above 2^31 - 1", [0x94, 0x00, 0xce, 0x80, 0x00, 0x00, 0x00, 0x00, 0xc4, 0x01, 0x00], 2, "total length" },
        { "negative offset", [0x94, 0x00, 0x01, 0xff, 0xc4, 0x01, 0x00], 3, "offset" },
        { "bytes as a string", [0x94, 0x00, 0x01, 0x00, 0xa1, 0x41], 4, "bin of at least 1 byte" },
        { "no bytes", [0x94, 0x00, 0x01, 0x00, 0xc4, 0x00], 4, "bin of at least 1 byte" },
        { "bin longer than the body", [0x94, 0x00, 0x09, 0x00, 0xc4, 0x09, 0x00], 4, "bin of at least 1 byte" },
        { "trailing bytes", [0x94, 0x00, 0x01, 0x00, 0xc4, 0x01, 0x00, 0x00], 7, "1 bytes follow" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_body_is_refused_with_its_reason_and_offset(string what, byte[] body, int offset, string reason)
    {
        Assert.False(FragmentBody.TryRead(body, out _, out var error), what);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}

using System.Buffers;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

public class NakBodyTests
{
    private static byte[] Write(ulong publisherId, params SequenceRange[] ranges)
    {
        var output = new ArrayBufferWriter<byte>();
        NakBody.Write(output, publisherId, ranges);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void The_body_is_the_documented_bytes()
    {
        // docs/wire-format.md, section 7, "NAKs and repairs": publisher 01 23 45 67 89 ab cd ef, numbers 5 and 9 to 11.
        var body = Write(0x0123456789ABCDEF, new SequenceRange(5, 1), new SequenceRange(9, 3));

        Assert.Equal(Convert.FromHexString("92c4080123456789abcdef9405010903"), body);
    }

    [Fact]
    public void A_written_body_reads_back()
    {
        var body = Write(42, new SequenceRange(300, 2), new SequenceRange(ulong.MaxValue - 1, 2));

        Assert.True(NakBody.TryRead(body, out var publisherId, out var ranges));

        Assert.Equal(42UL, publisherId);
        Assert.Equal([new SequenceRange(300, 2), new SequenceRange(ulong.MaxValue - 1, 2)], ranges);
    }

    [Theory]
    [InlineData("91c4080123456789abcdef", "one element")]
    [InlineData("92c40401234567" + "9405010903", "a 4-byte publisher id")]
    [InlineData("92c4080123456789abcdef90", "no ranges")]
    [InlineData("92c4080123456789abcdef93050109", "an odd count")]
    [InlineData("92c4080123456789abcdef9205" + "00", "a range of 0")]
    [InlineData("92c4080123456789abcdef94090105 01", "ranges not increasing")]
    [InlineData("92c4080123456789abcdef940501090300", "a byte after it")]
    [InlineData("92c4080123456789abcdef9405", "cut short")]
    [InlineData("92c4080123456789abcdef92cfffffffffffffffff02", "a range past 2^64")]
    [InlineData("92c4080123456789abcdef9201cf0000000100000000", "a count past 2^32")]
    public void What_is_not_a_NAK_body_is_refused(string hex, string what)
    {
        Assert.False(NakBody.TryRead(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out _, out _), what);
    }

    [Fact]
    public void More_than_64_ranges_are_refused()
    {
        var ranges = Enumerable.Range(0, 65).Select(i => new SequenceRange((ulong)i * 2, 1)).ToArray();
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentOutOfRangeException>(() => NakBody.Write(output, 1, ranges));
    }
}

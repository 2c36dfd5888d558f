using System.Buffers;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

public class FragmentNakBodyTests
{
    private static byte[] Write(ulong publisherId, ulong publication, params FragmentSpan[] runs)
    {
        var output = new ArrayBufferWriter<byte>();
        FragmentNakBody.Write(output, publisherId, publication, runs);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void The_body_is_the_documented_bytes()
    {
        // docs/wire-format.md, section 7, "Fragment NAKs": publisher 01 23 45 67 89 ab cd ef, publication 300, bytes
        // 1,417 to 2,833 and 5,668 to 5,687.
        var body = Write(0x0123456789ABCDEF, 300, new FragmentSpan(1417, 1417), new FragmentSpan(5668, 20));

        Assert.Equal(Convert.FromHexString("93c4080123456789abcdefcd012c94cd0589cd0589cd162414"), body);
    }

    [Fact]
    public void A_written_body_reads_back()
    {
        var body = Write(42, ulong.MaxValue, new FragmentSpan(0, 1), new FragmentSpan(1, 5), new FragmentSpan(int.MaxValue - 1, 1));

        Assert.True(FragmentNakBody.TryRead(body, out var publisherId, out var publication, out var runs));

        Assert.Equal((42UL, ulong.MaxValue), (publisherId, publication));
        Assert.Equal([new FragmentSpan(0, 1), new FragmentSpan(1, 5), new FragmentSpan(int.MaxValue - 1, 1)], runs);
    }

    [Theory]
    [InlineData("92c4080123456789abcdef01", "two elements")]
    [InlineData("93c404012345670194000100", "a 4-byte publisher id")]
    [InlineData("93c4080123456789abcdef0190", "no runs")]
    [InlineData("93c4080123456789abcdef0193000105", "an odd count")]
    [InlineData("93c4080123456789abcdef01920500", "a run of 0 bytes")]
    [InlineData("93c4080123456789abcdef019405050701", "overlapping runs")]
    [InlineData("93c4080123456789abcdef019405050401", "runs out of order")]
    [InlineData("93c4080123456789abcdef0192ce7ffffffe02", "a run past 2^31 - 1")]
    [InlineData("93c4080123456789abcdef0192050100", "a byte after it")]
    [InlineData("93c4080123456789abcdef01920501" + "00", "anything after the runs")]
    [InlineData("93c4080123456789abcdef01920a", "cut short")]
    [InlineData("93c4080123456789abcdefa13192050a", "a string for the publication")]
    public void A_body_that_is_not_exactly_a_fragment_NAK_is_not_read(string hex, string why)
    {
        Assert.False(FragmentNakBody.TryRead(Convert.FromHexString(hex), out _, out _, out _), why);
    }

    [Fact]
    public void A_body_of_65_runs_is_not_read()
    {
        var body = new List<byte>(Convert.FromHexString("93c4080123456789abcdef01dc0082"));
        for (var i = 0; i < 65; i++)
        {
            body.AddRange([(byte)(2 * i), 1]);
        }

        Assert.False(FragmentNakBody.TryRead(body.ToArray(), out _, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(1, 1, [.. Enumerable.Range(0, 65).Select(i => new FragmentSpan(2 * i, 1))]));
    }
}

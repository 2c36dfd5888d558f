using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

public class HeartbeatBodyTests
{
    private static byte[] Write(ulong highest, long lease)
    {
        var buffer = new byte[HeartbeatBody.MaxLength];
        return buffer[..HeartbeatBody.Write(buffer, highest, lease)];
    }

    [Fact]
    public void Body_is_written_in_the_smallest_encodings()
    {
        // [300, 3000]: fixarray 2, uint 16 300, uint 16 3000.
        Assert.Equal([0x92, 0xcd, 0x01, 0x2c, 0xcd, 0x0b, 0xb8], Write(300, 3000));
    }

    [Theory]
    [InlineData(0UL, 1L)]
    [InlineData(127UL, 250L)]
    [InlineData(ulong.MaxValue, HeartbeatBody.MaxLeaseMilliseconds)]
    public void Body_reads_back_what_was_written(ulong highest, long lease)
    {
        Assert.True(HeartbeatBody.TryRead(Write(highest, lease), out var readHighest, out var readLease, out _));
        Assert.Equal((highest, lease), (readHighest, readLease));
    }

    [Fact]
    public void Elements_after_the_second_are_ignored_so_a_later_version_can_add_some()
    {
        // [5, 1000, "later", 7]
        byte[] body = [0x94, 0x05, 0xcd, 0x03, 0xe8, 0xa5, (byte)'l', (byte)'a', (byte)'t', (byte)'e', (byte)'r', 0x07];

        Assert.True(HeartbeatBody.TryRead(body, out var highest, out var lease, out _));
        Assert.Equal((5UL, 1000L), (highest, lease));
    }

    [Theory]
    [InlineData(new byte[] { 0x05 }, 0, "not an array")]
    [InlineData(new byte[] { 0x91, 0x05 }, 0, "not an array of at least 2")]
    [InlineData(new byte[] { 0x92, 0xa1, 0x41, 0x05 }, 1, "highest publication number")]
    [InlineData(new byte[] { 0x92, 0x05, 0x00 }, 2, "lease")]
    [InlineData(new byte[] { 0x92, 0x05, 0xcf, 0, 0, 0, 1, 0, 0, 0, 0 }, 2, "lease")]
    [InlineData(new byte[] { 0x92, 0x05 }, 2, "lease")]
    public void A_body_that_is_not_a_heartbeat_is_refused_with_the_offset_of_what_failed(byte[] body, int offset, string reason)
    {
        Assert.False(HeartbeatBody.TryRead(body, out _, out _, out var error));
        Assert.Equal(offset, error.Offset);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}

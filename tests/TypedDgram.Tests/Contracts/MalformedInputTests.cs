using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

/// <summary>Each way a datagram can be unreadable, with the reason and offset it is reported with.</summary>
public class MalformedInputTests
{
    [Theory]
    [InlineData("", MalformedDatagramReason.Truncated, 0)]
    [InlineData("07", MalformedDatagramReason.NotAnEnvelope, 0)]
    [InlineData("90", MalformedDatagramReason.NotAnEnvelope, 1)]
    [InlineData("93 00 07 C0", MalformedDatagramReason.NotAnEnvelope, 2)]
    [InlineData("93 02 07", MalformedDatagramReason.Truncated, 0)]
    [InlineData("93 02 07 C0 C0", MalformedDatagramReason.TrailingBytes, 4)]
    [InlineData("93 02 A1 31 C0", MalformedDatagramReason.UnexpectedType, 2)]
    [InlineData("93 02 CF 00 00 00 01 00 00 00 00 C0", MalformedDatagramReason.OutOfRange, 2)]
    [InlineData("93 02 07 A2 C3 28", MalformedDatagramReason.InvalidUtf8, 3)]
    [InlineData("93 02 07 DB FF FF FF FF", MalformedDatagramReason.Truncated, 3)]
    [InlineData("93 02 07 C1", MalformedDatagramReason.InvalidCode, 3)]
    [InlineData("92 02 C0", MalformedDatagramReason.UnexpectedNil, 2)]
    [InlineData("DD FF FF FF FF 02", MalformedDatagramReason.TooManyElements, 0)]
    [InlineData("DC 00 10 02", MalformedDatagramReason.Truncated, 0)]
    public void Unreadable_pong_is_reported_with_reason_and_offset(string hex, MalformedDatagramReason reason, long offset)
    {
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Pong>(WireFormatTests.FromHex(hex)));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Collection_header_claiming_more_elements_than_bytes_left_is_rejected_before_allocating()
    {
        // A Bag claims 65,535 Guids (38 bytes each at least) with 40 bytes left: 16 bytes of Guid[] each would be 1 MB.
        var datagram = WireFormatTests.FromHex("92 0D DC FF FF " + string.Concat(Enumerable.Repeat("00 ", 40)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Bag>(datagram));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4096);
        Assert.Equal(MalformedDatagramReason.Truncated, error.Reason);
        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void Strings_longer_than_the_limit_are_TooLong()
    {
        var limits = new DatagramReaderLimits { MaxStringLength = 1 };
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Pong>(DatagramEnvelope.Serialize(new Pong(1, "ab")), limits));
        Assert.Equal(MalformedDatagramReason.TooLong, error.Reason);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_TooDeep()
    {
        // Pong(1, note) followed by an extra element nested 40 arrays deep: skipped members count toward the depth too.
        var datagram = WireFormatTests.FromHex("94 02 01 C0 " + string.Concat(Enumerable.Repeat("91 ", 40)) + "00");
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Pong>(datagram));
        Assert.Equal(MalformedDatagramReason.TooDeep, error.Reason);
    }

    [Fact]
    public void Map_with_a_key_twice_is_DuplicateKey()
    {
        var bytes = DatagramEnvelope.Serialize(new Everything(
            false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'a', 0, 0, 0, "", null, [], null, default, Color.Red, Big.Small, Guid.Empty,
            DateTime.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.Zero, null, null, null, null, [], null, [], [], default,
            new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, null, new Point(0, 0), new Span2(new Point(0, 0), null), null,
            new Ping(0, DateTimeOffset.UnixEpoch), []));
        var hex = WireFormatTests.Hex(bytes).Replace("82 A1 61 01 A1 62 02", "82 A1 61 01 A1 61 02");
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Everything>(WireFormatTests.FromHex(hex)));
        Assert.Equal(MalformedDatagramReason.DuplicateKey, error.Reason);
    }

    [Fact]
    public void Limits_reject_out_of_range_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramReaderLimits { MaxDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramReaderLimits { MaxStringLength = -1 });
    }

    [Fact]
    public void Message_names_reason_offset_and_type_id()
        => Assert.Equal("Malformed datagram (type id 2): Truncated at byte 3.", new MalformedDatagramException(MalformedDatagramReason.Truncated, 3, 2).Message);
}

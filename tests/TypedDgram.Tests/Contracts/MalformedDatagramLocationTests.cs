using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

/// <summary>A malformed datagram's report names the contract it was read as and the member that failed, where known.</summary>
public class MalformedDatagramLocationTests
{
    private static MalformedDatagramException PongError(string hex) =>
        Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Pong>(WireFormatTests.FromHex(hex)));

    [Fact]
    public void A_member_of_the_wrong_type_is_named_by_contract_and_member_index()
    {
        // [2, 7, 42]: Pong's Note (member 1) is an integer where a string belongs.
        var error = PongError("93 02 07 2A");

        Assert.Equal(MalformedDatagramReason.UnexpectedType, error.Reason);
        Assert.Equal(typeof(Pong).FullName, error.Contract);
        Assert.Equal(1, error.Member);
        Assert.Equal($"Malformed datagram ({typeof(Pong).FullName}, type id 2): UnexpectedType at byte 3, in member 1 (0-based, after the type id).", error.Message);
    }

    [Fact]
    public void A_truncated_member_is_the_one_whose_bytes_run_out()
    {
        // [2, 7, str32 of 4 GiB]: the datagram ends inside Note's header.
        Assert.Equal(1, PongError("93 02 07 DB FF FF FF FF").Member);
    }

    [Fact]
    public void Nil_in_the_first_member_is_member_0()
    {
        Assert.Equal(0, PongError("92 02 C0").Member);
    }

    [Fact]
    public void A_missing_member_is_the_first_one_absent()
    {
        // [22, 7]: StatusRequiresText's Text (member 1) has no default and is missing.
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<StatusRequiresText>(WireFormatTests.FromHex("92 16 07")));

        Assert.Equal(MalformedDatagramReason.MissingMember, error.Reason);
        Assert.Equal(1, error.Member);
    }

    [Theory]
    [InlineData("93 02 07 C0 C0")] // trailing bytes: the datagram as a whole
    [InlineData("07")]             // not an envelope
    [InlineData("93 03 07 C0")]    // another contract's type id
    public void A_failure_outside_any_member_names_none(string hex)
    {
        Assert.Null(PongError(hex).Member);
    }

    [Fact]
    public void A_datagram_nested_65535_deep_is_walked_without_recursion()
    {
        // [2, 7, [[[[...]]]]]: the reader stops at its depth limit; finding the member must not overflow the stack.
        var nested = Enumerable.Repeat((byte)0x91, 65_000).Append((byte)0xC0);
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Pong>(new byte[] { 0x93, 0x02, 0x07 }.Concat(nested).ToArray()));

        Assert.Equal(1, error.Member);
    }

    [Fact]
    public void Without_a_known_contract_or_member_the_message_is_as_before()
    {
        Assert.Equal("Malformed datagram (type id 2): Truncated at byte 3.", new MalformedDatagramException(MalformedDatagramReason.Truncated, 3, 2).Message);
    }
}

using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Messaging;

namespace TypedDgram.Tests.Contracts;

/// <summary>A malformed datagram's report names the contract it was read as and the member that failed, where known.</summary>
public class MalformedDatagramLocationTests
{
    private static MalformedDatagramException PongError(string hex) =>
        Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<Pong>(WireFormatTests.FromHex(hex)));

    [Fact]
    public void A_member_of_the_wrong_type_is_named_by_contract_member_name_and_index()
    {
        // [2, 7, 42]: Pong's Note (member 1) is an integer where a string belongs.
        var error = PongError("93 02 07 2A");

        Assert.Equal(MalformedDatagramReason.UnexpectedType, error.Reason);
        Assert.Equal(typeof(Pong).FullName, error.Contract);
        Assert.Equal((1, "Note"), (error.Member, error.MemberName));
        Assert.Equal($"Malformed datagram ({typeof(Pong).FullName}, type id 2): UnexpectedType at byte 3, in member Note (index 1, 0-based, after the type id).", error.Message);
    }

    [Fact]
    public async Task A_handler_classs_report_names_the_contract_and_member_though_the_dispatch_knows_only_the_type_id()
    {
        using var host = new DatagramTestHost();
        host.Attach(new RecordingHandlers());

        await host.DeliverAsync(WireFormatTests.FromHex("93 02 07 2A"));

        var error = Assert.IsType<MalformedDatagramException>(Assert.Single(host.Errors));
        Assert.Equal((typeof(Pong).FullName, 1, "Note"), (error.Contract, error.Member, error.MemberName));
        Assert.Contains("from 127.0.0.1:50000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_class_on_a_socket_reports_the_contract_and_member_name_on_Error()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        socket.Attach(new RecordingHandlers());
        await socket.BindAsync(0, "127.0.0.1");

        await host.DeliverAsync(WireFormatTests.FromHex("92 02 C0"));

        var error = Assert.IsType<MalformedDatagramException>(Assert.Single(host.Errors));
        Assert.Equal($"Malformed datagram ({typeof(Pong).FullName}, type id 2) from 127.0.0.1:50000: UnexpectedNil at byte 2, in member Seq (index 0, 0-based, after the type id).", error.Message);
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
        Assert.Equal((1, "Text"), (error.Member, error.MemberName));
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

    [Fact]
    public void A_member_index_without_its_name_is_reported_as_an_index()
    {
        var error = new MalformedDatagramException(MalformedDatagramReason.Truncated, 3, 2) { Member = 1 };

        Assert.Equal("Malformed datagram (type id 2): Truncated at byte 3, in member 1 (0-based, after the type id).", error.Message);
    }
}

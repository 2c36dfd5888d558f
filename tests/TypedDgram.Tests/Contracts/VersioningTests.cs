using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

/// <summary>What a reader of one version makes of a datagram written by another (docs/wire-format.md, "Versioning").</summary>
public class VersioningTests
{
    [Fact]
    public void Old_reader_skips_members_added_at_the_end()
        => Assert.Equal(new StatusV1(3), ReadAs<StatusV1>(DatagramEnvelope.Serialize(new StatusV2(3, "busy", 99))));

    [Fact]
    public void New_reader_gives_missing_members_their_declared_defaults()
        => Assert.Equal(new StatusV2(3, null, 42), ReadAs<StatusV2>(DatagramEnvelope.Serialize(new StatusV1(3))));

    [Fact]
    public void Missing_member_without_a_default_is_malformed()
    {
        var error = Assert.Throws<MalformedDatagramException>(() => ReadAs<StatusRequiresText>(DatagramEnvelope.Serialize(new StatusV1(3))));
        Assert.Equal(MalformedDatagramReason.MissingMember, error.Reason);
    }

    [Fact]
    public void Reading_a_datagram_as_another_contract_is_WrongTypeId()
    {
        var error = Assert.Throws<MalformedDatagramException>(() => DatagramEnvelope.Deserialize<StatusV1>(DatagramEnvelope.Serialize(new StatusV2(3))));
        Assert.Equal(MalformedDatagramReason.WrongTypeId, error.Reason);
        Assert.Equal(21u, error.TypeId);
    }

    // Reads the members whatever the id says, as a receiver would after a contract was renumbered on one side only.
    private static T ReadAs<T>(byte[] datagram)
        where T : IDatagram<T>
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out _, out var memberCount)
            || !DatagramEnvelope.TryReadBody(ref reader, memberCount, ref context, out T value))
        {
            throw context.ToException();
        }

        return value;
    }
}

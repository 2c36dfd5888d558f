using CsCheck;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

public class RoundTripPropertyTests
{
    private static readonly MessagePackSerializerOptions Standard = MessagePackSerializerOptions.Standard;

    [Fact]
    public void Every_member_type_survives_serialize_then_deserialize()
    {
        Generators.Everything.Sample(original =>
        {
            var bytes = DatagramEnvelope.Serialize(original);
            var copy = DatagramEnvelope.Deserialize<Everything>(bytes);
            Structural.AssertEqual(original, copy);
        }, iter: 500);
    }

    [Fact]
    public void MessagePack_CSharp_reads_the_bytes_as_the_same_values()
    {
        Generators.Everything.Sample(original =>
        {
            var bytes = DatagramEnvelope.Serialize(original);
            var mirror = MessagePackSerializer.Deserialize<EverythingMirror>(bytes, Standard);
            Assert.Equal(10u, mirror.TypeId);
            Structural.AssertEqual(original, mirror);
        }, iter: 300);
    }

    [Fact]
    public void Bytes_written_by_MessagePack_CSharp_read_back_as_the_same_record()
    {
        Generators.Everything.Sample(original =>
        {
            var mirror = MessagePackSerializer.Deserialize<EverythingMirror>(DatagramEnvelope.Serialize(original), Standard);
            var theirs = MessagePackSerializer.Serialize(mirror, Standard);
            Structural.AssertEqual(original, DatagramEnvelope.Deserialize<Everything>(theirs));
        }, iter: 300);
    }

    [Fact]
    public void Reserializing_a_read_datagram_gives_the_same_bytes()
    {
        Generators.Everything.Sample(original =>
        {
            var bytes = DatagramEnvelope.Serialize(original);
            Assert.Equal(bytes, DatagramEnvelope.Serialize(DatagramEnvelope.Deserialize<Everything>(bytes)));
        }, iter: 300);
    }
}

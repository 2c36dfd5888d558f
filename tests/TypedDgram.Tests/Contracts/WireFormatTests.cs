using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;

namespace TypedDgram.Tests.Contracts;

/// <summary>The byte-level examples of docs/wire-format.md, checked.</summary>
public class WireFormatTests
{
    [Fact]
    public void Pong_with_a_note_is_an_array_of_id_and_members()
        => Assert.Equal("93 02 07 A2 68 69", Hex(DatagramEnvelope.Serialize(new Pong(7, "hi"))));

    [Fact]
    public void Null_member_is_nil()
        => Assert.Equal("93 02 07 C0", Hex(DatagramEnvelope.Serialize(new Pong(7))));

    [Fact]
    public void DateTimeOffset_is_clock_timestamp_and_offset_minutes()
        => Assert.Equal(
            "93 01 01 92 D6 FF 69 57 35 A5 3C",
            Hex(DatagramEnvelope.Serialize(new Ping(1, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1))))));

    [Fact]
    public void Hashed_id_is_a_uint32_with_the_top_bit_set()
    {
        var id = DatagramTypeId.FromName("TypedDgram.Tests.Contracts.Hashed");
        Assert.Equal($"92 CE {Hex(BitConverter.GetBytes(id).Reverse().ToArray())} 05", Hex(DatagramEnvelope.Serialize(new Hashed(5))));
    }

    [Fact]
    public void Hashed_id_example_of_the_docs()
    {
        // docs/wire-format.md: [Datagram] record Ping(int Seq) in MyApp.Protocol sends Ping(5) as 92 CE F4 02 75 9E 05.
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(2);
        writer.Write(DatagramTypeId.FromName("MyApp.Protocol.Ping"));
        writer.Write(5);
        writer.Flush();
        Assert.Equal("92 CE F4 02 75 9E 05", Hex(output.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Part_is_an_array_of_its_members_without_type_id()
        => Assert.Equal("92 92 01 02 C0", Hex(Members(new Span2(new Point(1, 2), null))));

    [Fact]
    public void Guid_decimal_and_TimeSpan_have_text_and_tick_forms()
    {
        Assert.Equal("D9 24 " + Hex("00112233-4455-6677-8899-aabbccddeeff"u8.ToArray()), Hex(Written((ref MessagePackWriter w) => DatagramWriting.Write(ref w, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")))));
        Assert.Equal("A5 2D 31 2E 35 30", Hex(Written((ref MessagePackWriter w) => DatagramWriting.Write(ref w, -1.50m))));
        Assert.Equal("CE 05 F5 E1 00", Hex(Written((ref MessagePackWriter w) => DatagramWriting.Write(ref w, TimeSpan.FromSeconds(10)))));
    }

    [Fact]
    public void DateTime_uses_the_smallest_timestamp_form()
    {
        Assert.Equal("D6 FF 00 00 00 00", Hex(Written((ref MessagePackWriter w) => DatagramWriting.Write(ref w, DateTime.UnixEpoch))));
        Assert.Equal("D7 FF 00 00 01 90 00 00 00 00", Hex(Written((ref MessagePackWriter w) => DatagramWriting.Write(ref w, DateTime.UnixEpoch.AddTicks(1)))));
        Assert.Equal("C7 0C FF 00 00 00 00 FF FF FF F1 88 6E 09 00", Hex(Written((ref MessagePackWriter w) => DatagramWriting.Write(ref w, DateTime.MinValue))));
    }

    [Fact]
    public void Reader_accepts_any_integer_width_that_fits()
    {
        // Another writer may use int32 for everything: 93 d2 00000002 d2 00000007 c0.
        var pong = DatagramEnvelope.Deserialize<Pong>(FromHex("93 D2 00 00 00 02 D2 00 00 00 07 C0"));
        Assert.Equal(new Pong(7), pong);
    }

    internal static string Hex(byte[] bytes) => Convert.ToHexString(bytes).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b);

    internal static byte[] FromHex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    private delegate void Write(ref MessagePackWriter writer);

    private static byte[] Written(Write write)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Members<T>(T value)
        where T : IDatagramPart<T>
        => Written((ref MessagePackWriter w) => DatagramWriting.WritePart(ref w, value));
}

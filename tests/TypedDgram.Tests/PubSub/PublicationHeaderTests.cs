using System.Buffers;
using MessagePack;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

public class PublicationHeaderTests
{
    private const ulong Id = 0x0123456789ABCDEF;

    // The contract datagram [7, "ACME"]: type id 7, one string member.
    private static readonly byte[] Contract = [0x92, 0x07, 0xa4, (byte)'A', (byte)'C', (byte)'M', (byte)'E'];

    private static byte[] Publish(ulong publisherId, ulong sequence, byte[] contract)
    {
        var buffer = new byte[PublicationHeader.MaxLength + contract.Length];
        var length = PublicationHeader.Write(buffer, publisherId, sequence);
        contract.CopyTo(buffer, length);
        return buffer[..(length + contract.Length)];
    }

    private static HeaderError ReadError(byte[] datagram)
    {
        Assert.False(PublicationHeader.TryRead(datagram, out _, out var error));
        return error;
    }

    [Fact]
    public void Header_is_written_byte_for_byte_as_documented()
    {
        byte[] expected =
        [
            0x95,                                            // array of 5
            0xa4, 0x54, 0x44, 0x47, 0x50,                    // "TDGP"
            0x01,                                            // version 1
            0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, // bin 8: publisher id
            0xcd, 0x01, 0x2c,                                // sequence 300
            0x92, 0x07, 0xa4, 0x41, 0x43, 0x4d, 0x45,        // the contract datagram [7, "ACME"]
        ];

        Assert.Equal(expected, Publish(Id, 300, Contract));
    }

    [Theory]
    [InlineData(0UL, 18)]
    [InlineData(127UL, 18)]
    [InlineData(128UL, 19)]
    [InlineData(255UL, 19)]
    [InlineData(256UL, 20)]
    [InlineData(65_535UL, 20)]
    [InlineData(65_536UL, 22)]
    [InlineData(4_294_967_295UL, 22)]
    [InlineData(4_294_967_296UL, 26)]
    [InlineData(ulong.MaxValue, 26)]
    public void Sequence_round_trips_in_the_smallest_encoding(ulong sequence, int headerLength)
    {
        var datagram = Publish(Id, sequence, Contract);

        Assert.True(PublicationHeader.TryRead(datagram, out var header, out _));
        Assert.Equal(new FrameHeader(FrameKind.Publication, Id, sequence, headerLength), header);
        Assert.Equal(Contract, datagram[headerLength..]);
    }

    [Fact]
    public void Publication_decodes_with_MessagePack_CSharp_as_a_plain_array()
    {
        var datagram = Publish(Id, 70_000, Contract);

        var reader = new MessagePackReader(new ReadOnlySequence<byte>(datagram));
        Assert.Equal(5, reader.ReadArrayHeader());
        Assert.Equal("TDGP", reader.ReadString());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef], reader.ReadBytes()!.Value.ToArray());
        Assert.Equal(70_000UL, reader.ReadUInt64());
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(7u, reader.ReadUInt32());
        Assert.Equal("ACME", reader.ReadString());
        Assert.True(reader.End);
    }

    [Fact]
    public void Wider_encodings_from_other_writers_are_read()
    {
        byte[] datagram =
        [
            0xdc, 0x00, 0x05,                                // array 16 of 5
            0xd9, 0x04, 0x54, 0x44, 0x47, 0x50,              // str 8 "TDGP"
            0xcc, 0x01,                                      // uint 8: version 1
            0xc5, 0x00, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, // bin 16 of 8
            0xd2, 0x00, 0x00, 0x01, 0x2c,                    // int 32: 300
            .. Contract,
        ];

        Assert.True(PublicationHeader.TryRead(datagram, out var header, out _));
        Assert.Equal(new FrameHeader(FrameKind.Publication, Id, 300, datagram.Length - Contract.Length), header);
    }

    [Fact]
    public void Plain_contract_datagram_is_not_a_publication()
    {
        Assert.StartsWith("not a publication", ReadError(Contract).Reason);
    }

    [Fact]
    public void Empty_datagram_is_not_a_publication()
    {
        Assert.StartsWith("not a publication", ReadError([]).Reason);
    }

    [Fact]
    public void Other_marker_is_not_a_publication()
    {
        var datagram = Publish(Id, 1, Contract);
        datagram[5] = (byte)'Q';

        Assert.Equal(new HeaderError("not a publication: no TypedDgram pub/sub header (a [\"TDGP\", ...] array)", 0), ReadError(datagram));
    }

    [Fact]
    public void Array_of_another_length_is_not_a_publication()
    {
        var datagram = Publish(Id, 1, Contract);
        datagram[0] = 0x96;

        Assert.StartsWith("not a publication", ReadError(datagram).Reason);
    }

    [Fact]
    public void Unknown_version_is_reported_with_its_number_and_offset()
    {
        var datagram = Publish(Id, 1, Contract);
        datagram[6] = 4;

        Assert.Equal(new HeaderError("publication header: unsupported version 4 (this reader knows 1 and 3)", 6), ReadError(datagram));
    }

    [Fact]
    public void Authenticated_publication_read_without_a_key_says_the_bus_needs_one()
    {
        var datagram = new byte[64];
        var length = SecureFrame.WriteHeader(datagram, FrameKind.Publication, FrameSuite.HmacSha256, 1, Id, 1);
        Contract.CopyTo(datagram, length);

        Assert.Equal(
            new HeaderError("an authenticated publication (version 2): this bus has no key to check it with (MulticastOptions.Key), so it cannot read it", 6),
            ReadError(datagram[..(length + Contract.Length)]));
    }

    [Fact]
    public void Version_that_is_not_an_integer_is_reported()
    {
        var datagram = Publish(Id, 1, Contract);
        datagram[6] = 0xc0; // nil

        Assert.Equal(new HeaderError("publication header: version is not an unsigned integer", 6), ReadError(datagram));
    }

    [Fact]
    public void Publisher_id_of_another_length_is_reported()
    {
        var datagram = Publish(Id, 1, Contract);
        datagram[8] = 7;

        Assert.Equal(new HeaderError("publication header: publisher id is not a bin of 8 bytes", 7), ReadError(datagram));
    }

    [Fact]
    public void Negative_sequence_is_reported()
    {
        var datagram = Publish(Id, 1, Contract);
        datagram[17] = 0xff; // negative fixint -1

        Assert.Equal(new HeaderError("publication header: sequence is not an unsigned integer", 17), ReadError(datagram));
    }

    [Fact]
    public void Negative_sequence_in_a_signed_encoding_is_reported()
    {
        byte[] datagram = [.. Publish(Id, 1, [])[..17], 0xd0, 0x80, .. Contract];

        Assert.Equal(new HeaderError("publication header: sequence is not an unsigned integer", 17), ReadError(datagram));
    }

    [Fact]
    public void Header_without_a_contract_datagram_is_reported()
    {
        Assert.Equal(new HeaderError("publication header: no contract datagram after the header", 18), ReadError(Publish(Id, 1, [])));
    }

    [Fact]
    public void Every_truncation_is_refused_without_throwing()
    {
        var datagram = Publish(Id, ulong.MaxValue, Contract);
        var headerLength = datagram.Length - Contract.Length;

        for (var length = 0; length <= headerLength; length++)
        {
            Assert.False(PublicationHeader.TryRead(datagram.AsSpan(0, length), out _, out _), $"read {length} bytes as a publication");
        }
    }

    [Fact]
    public void Header_claiming_more_bytes_than_remain_is_refused()
    {
        byte[] datagram = [0x95, 0xdb, 0x7f, 0xff, 0xff, 0xff, 0x54, 0x44, 0x47, 0x50];

        Assert.StartsWith("not a publication", ReadError(datagram).Reason);
    }

    [Fact]
    public void Random_bytes_and_bit_flips_never_throw()
    {
        var random = new Random(11);
        var valid = Publish(Id, 123_456, Contract);
        var buffer = new byte[64];

        for (var i = 0; i < 50_000; i++)
        {
            var length = random.Next(buffer.Length);
            if (i % 2 == 0)
            {
                random.NextBytes(buffer.AsSpan(0, length));
            }
            else
            {
                length = valid.Length;
                valid.CopyTo(buffer, 0);
                buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
            }

            if (PublicationHeader.TryRead(buffer.AsSpan(0, length), out var header, out _))
            {
                Assert.InRange(header.BodyOffset, 1, length - 1);
            }
        }
    }
}

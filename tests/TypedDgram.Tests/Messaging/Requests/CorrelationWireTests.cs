using TypedDgram.Contracts;

namespace TypedDgram.Tests.Messaging.Requests;

/// <summary>The examples of docs/wire-format.md, section 8, byte for byte.</summary>
public class CorrelationWireTests
{
    private static readonly byte[] Request =
    [
        0x93, 0xCD, 0x03, 0x84,                               // array of 3, type id 900
        0xA4, 0x41, 0x43, 0x4D, 0x45,                         // "ACME"
        0xD7, 0x71, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, // fixext 8, type 0x71 (request), id 0x0123456789abcdef
    ];

    [Fact]
    public void A_request_is_its_contract_with_the_correlation_element_last()
    {
        var written = Write(new GetQuote("ACME"), new Correlation(CorrelationKind.Request, 0x0123456789ABCDEF));

        Assert.Equal(Request, written);
    }

    [Fact]
    public void A_response_carries_the_requests_id_with_extension_type_0x72()
    {
        var written = Write(new Counted(5), new Correlation(CorrelationKind.Response, 0x0123456789ABCDEF));

        Assert.Equal(new byte[] { 0x93, 0xCD, 0x03, 0x87, 0x05, 0xD7, 0x72, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF }, written);
    }

    [Fact]
    public void A_reader_that_does_not_know_requests_reads_the_contract_and_skips_the_element()
    {
        Assert.Equal(new GetQuote("ACME"), DatagramEnvelope.Deserialize<GetQuote>(Request));
    }

    [Fact]
    public void Stripping_returns_the_correlation_and_the_plain_contract_datagram()
    {
        ReadOnlyMemory<byte> datagram = Request;

        Assert.True(DatagramCorrelation.TryStrip(ref datagram, DatagramReaderLimits.Default, out var correlation));

        Assert.Equal(new Correlation(CorrelationKind.Request, 0x0123456789ABCDEF), correlation);
        Assert.Equal(DatagramEnvelope.Serialize(new GetQuote("ACME")), datagram.ToArray());
    }

    [Fact]
    public void Correlation_bytes_inside_a_member_are_not_a_correlation()
    {
        // A bin member whose last 10 bytes look like a correlation element: the envelope's last element is the bin.
        byte[] datagram = [0x92, 0x01, 0xC4, 0x0A, 0xD7, 0x71, 0, 0, 0, 0, 0, 0, 0, 1];
        ReadOnlyMemory<byte> memory = datagram;

        Assert.False(DatagramCorrelation.TryStrip(ref memory, DatagramReaderLimits.Default, out _));
        Assert.Equal(datagram, memory.ToArray());
    }

    private static byte[] Write<T>(T message, Correlation correlation)
        where T : IDatagram<T>
    {
        var buffer = PooledEnvelope.Serialize(message, correlation, out var length);
        return buffer.AsSpan(0, length).ToArray();
    }
}

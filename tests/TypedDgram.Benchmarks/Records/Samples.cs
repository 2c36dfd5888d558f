using MemoryPack;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.Records;

/// <summary>One value of each record, the same in every serializer's type, and the check that TypedDgram and MessagePack-CSharp agree byte for byte.</summary>
public static class Samples
{
    public static readonly MessagePackSerializerOptions MessagePackOptions = MessagePackSerializerOptions.Standard;

    private static readonly Guid Session = new("6f1c2b9e-4d3a-4e8f-9a7b-0c5d1e2f3a4b");
    private static readonly DateTimeOffset At = new(2026, 11, 25, 14, 30, 15, 123, TimeSpan.FromHours(1));
    private static readonly double[] Sixteen = [.. Enumerable.Range(0, 16).Select(i => (i * 1.25) + 0.001)];
    private static readonly double[] FortyEight = [.. Enumerable.Range(0, 48).Select(i => Math.Sqrt(i + 2))];
    private static readonly int[] Counters = [.. Enumerable.Range(0, 32).Select(i => 1000 + (i * 997))];
    private static readonly byte[] Bytes = [.. Enumerable.Range(0, 256).Select(i => (byte)(i * 31))];
    private const string Host = "sensor-gateway-17.example.internal";
    private static readonly string Text = string.Concat(Enumerable.Repeat("temperature nominal; ", 15)) + "end";

    public static SmallRecord Small { get; } = new(123_456, 638_999_999_999_999_999);

    public static SmallMsgPack SmallMsgPack { get; } = new() { Seq = Small.Seq, Ticks = Small.Ticks };

    public static SmallMemPack SmallMemPack { get; } = new(Small.Seq, Small.Ticks);

    public static MediumRecord Medium { get; } = new(123_456, "telemetry/room-12", Session, At, Sixteen, 9_876_543_210, true, 0.75f);

    public static MediumMsgPack MediumMsgPack { get; } = new()
    {
        Seq = Medium.Seq, Name = Medium.Name, Session = Medium.Session, At = Medium.At,
        Samples = Medium.Samples, Total = Medium.Total, Active = Medium.Active, Ratio = Medium.Ratio,
    };

    public static MediumMemPack MediumMemPack { get; } = new(Medium.Seq, Medium.Name, Medium.Session, Medium.At, Medium.Samples, Medium.Total, Medium.Active, Medium.Ratio);

    public static LargeRecord Large { get; } = new(123_456, 638_999_999_999_999_999, Host, Text, Session, FortyEight, Counters, Bytes);

    public static LargeMsgPack LargeMsgPack { get; } = new()
    {
        Seq = Large.Seq, Stamp = Large.Stamp, Host = Large.Host, Text = Large.Text, Session = Large.Session,
        Readings = Large.Readings, Counters = Large.Counters, Blob = Large.Blob,
    };

    public static LargeMemPack LargeMemPack { get; } = new(Large.Seq, Large.Stamp, Large.Host, Large.Text, Large.Session, Large.Readings, Large.Counters, Large.Blob);

    /// <summary>The throughput datagram whose wire size is <paramref name="size"/> bytes (at least 10).</summary>
    public static Blob BlobOfSize(int size)
    {
        // fixarray(1) + id 110 (1) + uint32 seq (5) + bin8/bin16 header (2/3) + data.
        int header = size - 7 <= 257 ? 9 : 10;
        return new Blob(0x8000_0000, new byte[size - header]);
    }

    /// <summary>The wire sizes of the three records (TypedDgram = MessagePack-CSharp) and MemoryPack's sizes.</summary>
    public static (string Name, int MessagePackBytes, int MemoryPackBytes)[] Sizes() =>
    [
        ("small", DatagramEnvelope.Serialize(Small).Length, MemoryPackSerializer.Serialize(SmallMemPack).Length),
        ("medium", DatagramEnvelope.Serialize(Medium).Length, MemoryPackSerializer.Serialize(MediumMemPack).Length),
        ("large", DatagramEnvelope.Serialize(Large).Length, MemoryPackSerializer.Serialize(LargeMemPack).Length),
    ];

    /// <summary>Throws unless TypedDgram's generated serializer and MessagePack-CSharp write the same bytes for every record, and each reads the other's back.</summary>
    public static void VerifyIdenticalBytes()
    {
        Check("small", DatagramEnvelope.Serialize(Small), MessagePackSerializer.Serialize(SmallMsgPack, MessagePackOptions));
        Check("medium", DatagramEnvelope.Serialize(Medium), MessagePackSerializer.Serialize(MediumMsgPack, MessagePackOptions));
        Check("large", DatagramEnvelope.Serialize(Large), MessagePackSerializer.Serialize(LargeMsgPack, MessagePackOptions));
        if (DatagramEnvelope.Deserialize<MediumRecord>(MessagePackSerializer.Serialize(MediumMsgPack, MessagePackOptions)) is not { } medium
            || medium.Name != Medium.Name || medium.At != Medium.At || !medium.Samples.SequenceEqual(Medium.Samples))
        {
            throw new InvalidOperationException("TypedDgram did not read MessagePack-CSharp's medium record back.");
        }

        var blob = Samples.BlobOfSize(1200);
        if (DatagramEnvelope.Serialize(blob).Length != 1200 || DatagramEnvelope.Serialize(BlobOfSize(64)).Length != 64)
        {
            throw new InvalidOperationException("The throughput datagrams are not 64 and 1,200 bytes.");
        }
    }

    private static void Check(string name, byte[] typed, byte[] messagePack)
    {
        if (!typed.AsSpan().SequenceEqual(messagePack))
        {
            throw new InvalidOperationException(
                $"The {name} record's bytes differ: TypedDgram {Convert.ToHexString(typed)}, MessagePack-CSharp {Convert.ToHexString(messagePack)}.");
        }
    }
}

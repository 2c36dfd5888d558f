using System.Collections.Immutable;
using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Fuzz.Contracts;

namespace TypedDgram.Fuzz;

/// <summary>Valid datagrams of every fuzzed contract, the starting points of mutation (and AFL++'s input corpus).</summary>
public static class SeedCorpus
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly Guid SomeGuid = new("0f8fad5b-d9cb-469f-a165-70867728950e");

    /// <summary>The contract datagrams, in a fixed order.</summary>
    public static IReadOnlyList<byte[]> Contracts { get; } = Build();

    /// <summary>The seeds, in a fixed order: the contract datagrams, then the same sealed as keyed publications.</summary>
    public static IReadOnlyList<byte[]> Datagrams { get; } = [.. Contracts, .. BusFuzzTarget.Seeds];

    private static byte[][] Build() =>
    [
        DatagramEnvelope.Serialize(new Ping(1, Noon)),
        DatagramEnvelope.Serialize(new Ping(-70_000, DateTimeOffset.MinValue)),
        DatagramEnvelope.Serialize(new Pong(2)),
        DatagramEnvelope.Serialize(new Pong(int.MaxValue, "héllo, 世界 🎉")),
        DatagramEnvelope.Serialize(Full()),
        DatagramEnvelope.Serialize(Sparse()),
        DatagramEnvelope.Serialize(new Settings { Volume = 11, Name = "loud", Tags = new() { [1] = ["a", "b"], [2] = [] } }),
        DatagramEnvelope.Serialize(new Settings()),
        DatagramEnvelope.Serialize(new Hashed(long.MinValue, [new(new(1, 2), null), new(new(3, 4), new(5, 6))])),
        Raw((ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.Write(11u); w.Write(5); }),                   // an older writer: trailing members left out
        Raw((ref MessagePackWriter w) => { w.WriteArrayHeader(4); w.Write(2u); w.Write(3); w.WriteNil(); w.Write("newer"); }), // a newer writer: one member more
        Raw((ref MessagePackWriter w) => { w.WriteArrayHeader(1); w.Write(0x7FFF_FF00u); }),                        // an id nobody handles
        DatagramEnvelope.Serialize(new Secret(1, "open", [1, 2, 3], new(4, 5))),                                    // signed by the harness (AuthenticatedTarget)
        DatagramEnvelope.Serialize(new Secret(-1, "", [])),
    ];

    private static Everything Full() => new(
        true, 255, -128, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
        -1, 1, 'é', 1.5f, double.NaN, -12.50m,
        "text", "nullable", [1, 2, 3], [4], new byte[] { 5, 6 },
        Shade.Blue, SomeGuid, new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), Noon, TimeSpan.FromTicks(-1),
        7, SomeGuid, Shade.Green, Noon,
        [1, -1, 1_000_000], ["x", null], [long.MaxValue], [new(1, 2)], ImmutableArray.Create(0.5, -0.0),
        new() { ["k"] = 1, ["l"] = 2 }, new Dictionary<Guid, Point?> { [SomeGuid] = null, [Guid.Empty] = new(0, 0) },
        new(9, 9), new(new(1, 1), new(2, 2)), new Segment(new(3, 3), null),
        new(5, Noon), [[1, 2], [], [3]]);

    private static Everything Sparse() => new(
        false, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, '\0', 0, 0, 0,
        "", null, [], null, ReadOnlyMemory<byte>.Empty,
        Shade.Red, Guid.Empty, DateTime.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.Zero,
        null, null, null, null,
        [], null, [], [], ImmutableArray<double>.Empty,
        [], null,
        new(0, 0), new(new(0, 0), null), null,
        new(0, DateTimeOffset.UnixEpoch), []);

    private static byte[] Raw(WriteAction write)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        write(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private delegate void WriteAction(ref MessagePackWriter writer);
}

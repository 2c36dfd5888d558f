using System.Buffers.Binary;

namespace TypedDgram.Fuzz;

/// <summary>
/// One edit of a datagram, as a coverage-blind fuzzer makes them. Positions and lengths are taken modulo the datagram,
/// so every generated edit applies to every seed (and CsCheck can shrink them freely).
/// </summary>
public readonly record struct Mutation(MutationKind Kind, int Position, int Value, int Length)
{
    // Bytes that change a MessagePack value's kind or announce extreme lengths: nil, false, the reserved 0xC1,
    // bin/str/array/map headers of every width, fixarray/fixmap/fixstr with their largest counts, ext, int boundaries.
    private static readonly byte[] InterestingBytes =
    [
        0x00, 0x01, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9,
        0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0, 0xD3, 0xD4, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xE0, 0xFF,
    ];

    private static readonly uint[] InterestingLengths = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0xFFFF_FFFF];

    /// <summary>Applies the edits to a copy of <paramref name="seed"/>; <paramref name="other"/> is the donor for splices.</summary>
    public static byte[] Apply(byte[] seed, byte[] other, IEnumerable<Mutation> mutations)
    {
        var bytes = new List<byte>(seed);
        foreach (var mutation in mutations)
        {
            mutation.ApplyTo(bytes, other);
        }

        return [.. bytes];
    }

    private void ApplyTo(List<byte> bytes, byte[] other)
    {
        var at = bytes.Count == 0 ? 0 : Math.Abs(Position % bytes.Count);
        var length = 1 + Math.Abs(Length % 16);
        switch (Kind)
        {
            case MutationKind.FlipBit when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << (Value & 7));
                break;
            case MutationKind.SetByte when bytes.Count > 0:
                bytes[at] = (byte)Value;
                break;
            case MutationKind.SetInterestingByte when bytes.Count > 0:
                bytes[at] = InterestingBytes[Math.Abs(Value % InterestingBytes.Length)];
                break;
            case MutationKind.SetLength when bytes.Count > 0:
                WriteLength(bytes, at);
                break;
            case MutationKind.Insert:
                bytes.InsertRange(at, Enumerable.Repeat((byte)Value, length));
                break;
            case MutationKind.Delete when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                break;
            case MutationKind.Truncate:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case MutationKind.Duplicate when bytes.Count > 0:
                bytes.InsertRange(at, bytes.GetRange(at, Math.Min(length, bytes.Count - at)));
                break;
            case MutationKind.Splice when other.Length > 0:
                var from = Math.Abs(Value % other.Length);
                bytes.RemoveRange(at, bytes.Count - at);
                bytes.AddRange(other.AsSpan(from).ToArray());
                break;
        }
    }

    // Overwrites the 1, 2 or 4 bytes after a header byte with an extreme length, big-endian as MessagePack writes it.
    private void WriteLength(List<byte> bytes, int at)
    {
        var width = (Length & 3) switch { 0 => 1, 1 => 2, _ => 4 };
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, InterestingLengths[Math.Abs(Value % InterestingLengths.Length)]);
        for (var i = 0; i < width && at + 1 + i < bytes.Count; i++)
        {
            bytes[at + 1 + i] = value[4 - width + i];
        }
    }
}

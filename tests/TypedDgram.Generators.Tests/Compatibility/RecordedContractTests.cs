using TypedDgram.Generators.Compatibility;
using TypedDgram.Generators.Contracts;
using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>The line format: every supported member type is written in its wire spelling and reads back to the same line.</summary>
public class RecordedContractTests
{
    [Fact]
    public void Every_supported_member_type_has_a_wire_spelling_that_reads_back()
    {
        var (_, output) = TestCompilation.Generate("""
            #nullable enable
            using System;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using TypedDgram.Contracts;
            namespace Demo;
            public enum Small : byte { A }
            public static partial class Outer
            {
                [Datagram]
                public partial record Sample(
                    bool A, byte B, sbyte C, short D, ushort E, int F, uint G, long H, ulong I, nint J, nuint K, char L,
                    float M, double N, decimal O, string P, string? Q, byte[] R, ReadOnlyMemory<byte> S, Guid T,
                    DateTime U, DateTimeOffset V, TimeSpan W, Small X, int? Y, int[] Z, List<string?> Aa,
                    IReadOnlyList<long> Ab, ImmutableArray<Point> Ac, Dictionary<int, string> Ad,
                    IReadOnlyDictionary<Guid, int[]?>? Ae, Point Af, Point? Ag, string Ah = "x");
            }
            [DatagramPart] public partial record struct Point(int X, int Y);
            """);
        var type = output.GetTypeByMetadataName("Demo.Outer+Sample")!;
        var line = RecordedContract.From(ContractParser.Parse(type, type.GetAttributes()[0], isPart: false)!).ToString();

        Assert.Equal(
            "Demo.Outer+Sample = 0x" + TypeIdHash.FromName("Demo.Outer+Sample").ToString("X8") + ": [0] bool A, [1] byte B, [2] sbyte C, [3] short D, [4] ushort E, "
            + "[5] int F, [6] uint G, [7] long H, [8] ulong I, [9] nint J, [10] nuint K, [11] char L, [12] float M, "
            + "[13] double N, [14] decimal O, [15] string P required, [16] string? Q, [17] bin R required, [18] bin S, "
            + "[19] guid T, [20] timestamp U, [21] datetimeoffset V, [22] timespan W, [23] byte X, [24] int? Y, "
            + "[25] array<int> Z required, [26] array<string?> Aa required, [27] array<long> Ab required, "
            + "[28] array<Demo.Point> Ac, [29] map<int, string> Ad required, [30] map<guid, array<int>?>? Ae, "
            + "[31] Demo.Point Af, [32] Demo.Point? Ag, [33] string Ah",
            line);
        Assert.Equal(line, RecordedContract.Parse(line)?.ToString());
    }

    [Theory]
    [InlineData("Demo.Ping = 1: int Seq")]
    [InlineData("Demo.Ping = 1: [1] int Seq")]
    [InlineData("Demo.Ping = one: [0] int Seq")]
    [InlineData("Demo.Ping = 1: [0] int Seq optional")]
    [InlineData("Demo.Ping = 1: [0] map<int> Seq")]
    [InlineData("Demo.Ping 1: [0] int Seq")]
    public void A_line_that_is_not_a_contract_is_not_read(string line)
        => Assert.Null(RecordedContract.Parse(line));
}

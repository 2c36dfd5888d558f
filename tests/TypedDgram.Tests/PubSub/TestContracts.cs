using System.Diagnostics.CodeAnalysis;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.PubSub;

// The contracts the pub/sub tests publish, made by the generator as users make theirs.

/// <summary>A contract's type id (the generator implements it explicitly, so it is reached through the interface).</summary>
internal static class TypeIdOf<T>
    where T : IDatagram<T>
{
    public static uint Value => T.TypeId;
}

/// <summary>[0x7E57_0001, symbol, price in cents]</summary>
[Datagram(Id = 0x7E57_0001)]
public partial record Tick(string Symbol, long Cents);

/// <summary>[0x7E57_0002, count]</summary>
[Datagram(Id = 0x7E57_0002)]
public partial record Trade(int Count);

/// <summary>[0x7E57_0003, payload]: a contract whose size the test chooses.</summary>
[Datagram(Id = 0x7E57_0003)]
public partial record Blob(byte[] Payload);

// Written by hand: the generator refuses two contracts with one id in a compilation, but a bus can still be asked to
// deliver two such from different assemblies.

/// <summary>Another contract with <see cref="Tick"/>'s type id: two such cannot share a bus.</summary>
public sealed record TickImpostor(int Value) : IDatagram<TickImpostor>
{
    public static uint TypeId => TypeIdOf<Tick>.Value;

    public static int MemberCount => 1;

    public static void WriteMembers(ref MessagePackWriter writer, TickImpostor value) => writer.Write(value.Value);

    public static bool TryReadMembers(ref MessagePackReader reader, int count, ref DatagramReadContext context, [MaybeNullWhen(false)] out TickImpostor value)
    {
        value = null;
        if (count < 1 || !context.TryReadInt32(ref reader, out var v))
        {
            return false;
        }

        value = new TickImpostor(v);
        return true;
    }
}

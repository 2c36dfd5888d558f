using System.Diagnostics.CodeAnalysis;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.PubSub;

// The contracts the pub/sub tests publish, implemented by hand the way the generator implements [Datagram] records,
// so that the bus is tested on its own. Their wire form is the contract datagram of docs/wire-format.md.

/// <summary>[0x7E57_0001, symbol, price in cents]</summary>
public sealed record Tick(string Symbol, long Cents) : IDatagram<Tick>
{
    public static uint TypeId => 0x7E57_0001;

    public static int MemberCount => 2;

    public static void WriteMembers(ref MessagePackWriter writer, Tick value)
    {
        writer.Write(value.Symbol);
        writer.Write(value.Cents);
    }

    public static bool TryReadMembers(ref MessagePackReader reader, int count, ref DatagramReadContext context, [MaybeNullWhen(false)] out Tick value)
    {
        value = null;
        if (count < 2)
        {
            return context.FailMissingMember(ref reader);
        }

        if (!context.TryReadString(ref reader, out var symbol) || !context.TryReadInt64(ref reader, out var cents)
            || !context.TrySkip(ref reader, count - 2))
        {
            return false;
        }

        value = new Tick(symbol, cents);
        return true;
    }
}

/// <summary>[0x7E57_0002, count]</summary>
public sealed record Trade(int Count) : IDatagram<Trade>
{
    public static uint TypeId => 0x7E57_0002;

    public static int MemberCount => 1;

    public static void WriteMembers(ref MessagePackWriter writer, Trade value) => writer.Write(value.Count);

    public static bool TryReadMembers(ref MessagePackReader reader, int count, ref DatagramReadContext context, [MaybeNullWhen(false)] out Trade value)
    {
        value = null;
        if (count < 1)
        {
            return context.FailMissingMember(ref reader);
        }

        if (!context.TryReadInt32(ref reader, out var n) || !context.TrySkip(ref reader, count - 1))
        {
            return false;
        }

        value = new Trade(n);
        return true;
    }
}

/// <summary>[0x7E57_0003, payload]: a contract whose size the test chooses.</summary>
public sealed record Blob(byte[] Payload) : IDatagram<Blob>
{
    public static uint TypeId => 0x7E57_0003;

    public static int MemberCount => 1;

    public static void WriteMembers(ref MessagePackWriter writer, Blob value) => writer.Write(value.Payload);

    public static bool TryReadMembers(ref MessagePackReader reader, int count, ref DatagramReadContext context, [MaybeNullWhen(false)] out Blob value)
    {
        value = null;
        if (count < 1)
        {
            return context.FailMissingMember(ref reader);
        }

        if (!context.TryReadBytes(ref reader, out var payload) || !context.TrySkip(ref reader, count - 1))
        {
            return false;
        }

        value = new Blob(payload);
        return true;
    }
}

/// <summary>Another contract with <see cref="Tick"/>'s type id: two such cannot share a bus.</summary>
public sealed record TickImpostor(int Value) : IDatagram<TickImpostor>
{
    public static uint TypeId => Tick.TypeId;

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

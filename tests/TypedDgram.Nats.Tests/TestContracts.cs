using TypedDgram.Contracts;

namespace TypedDgram.Nats.Tests;

/// <summary>[0x4E41_0001, symbol, price in cents]</summary>
[Datagram(Id = 0x4E41_0001)]
public partial record Quote(string Symbol, long Cents);

/// <summary>[0x4E41_0002, count]</summary>
[Datagram(Id = 0x4E41_0002)]
public partial record Fill(int Count);

/// <summary>A contract's type id (the generator implements it explicitly, so it is reached through the interface).</summary>
internal static class TypeIdOf<T>
    where T : IDatagram<T>
{
    public static uint Value => T.TypeId;
}

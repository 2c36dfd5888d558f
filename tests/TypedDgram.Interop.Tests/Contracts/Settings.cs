using TypedDgram.Contracts;

namespace TypedDgram.Interop.Tests.Contracts;

/// <summary>A nominal record: its members are its public init properties, in the order they are declared.</summary>
[Datagram(Id = 11)]
public partial record Settings
{
    public int Volume { get; init; }

    public string Name { get; init; } = "";
}

using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Runs alone: it frees a port and binds it again without ReuseAddr, and a test running beside it that binds port 0
/// could be handed that port in between (seen once in a full parallel run).
/// </summary>
[CollectionDefinition(nameof(PortReuseTests), DisableParallelization = true)]
public sealed class PortReuseCollection;

[Collection(nameof(PortReuseTests))]
public class PortReuseTests
{
    [Fact]
    public async Task Disposed_bus_frees_its_port_for_a_bus_without_ReuseAddr()
    {
        var group = Loopback.NewGroup();
        var first = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = Loopback.Interface, ReuseAddr = false });
        var port = first.Port;
        await first.DisposeAsync();

        await using var second = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Port = port, Interface = Loopback.Interface, ReuseAddr = false });

        Assert.Equal(port, second.Port);
    }
}

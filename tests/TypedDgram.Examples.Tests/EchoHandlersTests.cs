using Hosted;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedDgram.Hosting;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Examples.Tests;

/// <summary>
/// examples/Hosted's handlers, resolved from DI as the generic host resolves them and replying through
/// <c>endpoint.Socket</c>: a <see cref="DatagramSocketFactory"/> registered in DI makes that socket one of the test
/// host's, so the endpoint, its handlers and their echoes run in memory.
/// </summary>
public class EchoHandlersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_shout_is_echoed_in_capitals_to_its_sender_stamped_with_the_servers_clock()
    {
        using var host = new DatagramTestHost();
        await using var services = BuildServices(host);
        var endpoint = services.GetRequiredService<DatagramEndpoint<EchoHandlers>>();
        await endpoint.StartAsync(CancellationToken.None);

        await host.DeliverAsync(new Shout(1, "hello"), new RemoteInfo("127.0.0.1", "IPv4", 40_000, 0));

        var echo = Assert.Single(host.Sent);
        Assert.Equal((40_000, "127.0.0.1"), (echo.Port, echo.Address));
        Assert.Equal(new Echo(1, "HELLO", Now), echo.As<Echo>());
        Assert.Equal(endpoint.Address.Port, echo.From?.Port);
        Assert.Empty(host.Errors);
        await endpoint.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_an_address_the_endpoint_binds_loopback()
    {
        using var host = new DatagramTestHost();
        await using var services = BuildServices(host);
        var endpoint = services.GetRequiredService<DatagramEndpoint<EchoHandlers>>();

        await endpoint.StartAsync(CancellationToken.None);

        Assert.Equal("127.0.0.1", endpoint.Address.Address);
        await endpoint.StopAsync(CancellationToken.None);
    }

    private static ServiceProvider BuildServices(DatagramTestHost host)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        services.AddSingleton<DatagramSocketFactory>(host.CreateSocket);
        services.AddDatagramEndpoint<EchoHandlers>(_ => { });
        return services.BuildServiceProvider();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

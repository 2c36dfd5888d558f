using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedDgram.PubSub;

namespace TypedDgram.Nats.Tests;

/// <summary><c>AddNatsBus</c> and <c>AddNatsBridge</c>: options bound from configuration, started and stopped with the host.</summary>
public sealed class NatsHostingTests
{
    [SkippableFact]
    public async Task AddNatsBus_binds_its_options_from_configuration_and_connects_when_the_host_starts()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Url"] = server.Url,
            ["Bus:Bus"] = "hosted",
            ["Bus:SubjectPrefix"] = "app",
            ["Bus:TypeIds:0"] = TypeIdOf<Quote>.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bus:WhileDisconnected"] = "Fail",
        });
        builder.Services.AddNatsBus(builder.Configuration.GetSection("Bus"));
        using var host = builder.Build();

        var service = host.Services.GetRequiredService<NatsBusService>();
        Assert.Throws<InvalidOperationException>(() => service.Bus);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<ITypedBus>();
        Assert.Same(service.Bus, bus);
        Assert.Equal([$"app.hosted.{TypeIdOf<Quote>.Value}", "app.hosted.control", "app.hosted.control.all"], service.Bus.Subjects);
        using var inbox = new Inbox<Quote>(bus);
        await bus.PublishAsync(new Quote("ACME", 7));

        Assert.Equal(7, Assert.Single(await inbox.WaitForAsync(1)).Message.Cents);
        await host.StopAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await bus.PublishAsync(new Quote("ACME", 8)));
    }

    [SkippableFact]
    public async Task AddNatsBridge_relays_from_the_hosts_start_with_options_from_configuration()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var group = $"239.255.{Random.Shared.Next(1, 250)}.4";
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Group"] = group,
            ["Bridge:Port"] = "0",
            ["Bridge:Interface"] = "127.0.0.1",
            ["Bridge:Nats:Url"] = server.Url,
            ["Bridge:Nats:Bus"] = "hosted",
        });
        builder.Services.AddNatsBridge(builder.Configuration.GetSection("Bridge"));
        using var host = builder.Build();
        await host.StartAsync();
        var bridge = host.Services.GetRequiredService<NatsBridgeService>().Bridge;
        await using var onNats = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "hosted" });
        using var inbox = new Inbox<Quote>(onNats);
        await using var publisher = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Port = bridge.MulticastPort, Interface = "127.0.0.1" });

        await publisher.PublishAsync(new Quote("ACME", 1));

        Assert.Single(await inbox.WaitForAsync(1));
        Assert.Equal(1, bridge.Stats.ToNats);
        await host.StopAsync();
    }
}

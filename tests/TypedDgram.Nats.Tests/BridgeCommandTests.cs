using System.Diagnostics;
using System.Reflection;
using TypedDgram.PubSub;

namespace TypedDgram.Nats.Tests;

/// <summary><c>tdg bridge</c> as a user runs it: a process between a multicast group on 127.0.0.1 and a real nats-server.</summary>
public sealed class BridgeCommandTests
{
    private static string TdgPath => typeof(BridgeCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Tdg").Value!;

    [SkippableFact]
    public async Task Tdg_bridge_relays_a_groups_publications_to_NATS_and_reports_the_counts()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var group = $"239.255.{Random.Shared.Next(1, 250)}.3";
        var port = NatsServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var onNats = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "cli" });
        using var inbox = new Inbox<Quote>(onNats);
        using var bridge = Process.Start(new ProcessStartInfo("dotnet", [TdgPath, "bridge", "--group", group, "--port", port, "--interface", "127.0.0.1", "--nats", server.Url, "--bus", "cli", "--timeout", "30"])
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        try
        {
            var started = await bridge.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains($"tdg: bridging {group}:{port} on 127.0.0.1 and NATS tdg.cli.* at {server.Url}: every contract", started);
            await using var publisher = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), Interface = "127.0.0.1" });
            for (var i = 0; i < 50; i++)
            {
                await publisher.PublishAsync(new Quote("ACME", i));
            }

            var received = await inbox.WaitForAsync(50);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), received.Select(r => r.Message.Cents));
            Assert.Equal(publisher.PublisherId, Assert.Single(onNats.Stats.Publishers).PublisherId);
        }
        finally
        {
            bridge.Kill();
            await bridge.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Tdg_bridge_without_an_interface_says_why_one_is_needed_and_exits_1()
    {
        using var bridge = Process.Start(new ProcessStartInfo("dotnet", [TdgPath, "bridge", "--group", "239.255.1.1", "--port", "5000", "--nats", "nats://127.0.0.1:4222"])
        {
            RedirectStandardError = true,
        })!;
        var errors = await bridge.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await bridge.WaitForExitAsync();

        Assert.Equal(1, bridge.ExitCode);
        Assert.Contains("239.255.1.1 is a multicast group: give --interface", errors);
    }
}

using System.CommandLine;
using System.Diagnostics;
using TypedDgram.Nats;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// <c>tdg bridge --group &lt;g&gt; --port &lt;p&gt; --interface &lt;addr&gt; --nats &lt;url&gt; [--bus &lt;name&gt;] [--type-id &lt;id&gt;...]</c>:
/// relays a multicast group's publications to a NATS bus and back (a <see cref="NatsBridge"/>), byte for byte, until
/// Ctrl+C or <c>--timeout</c>; what it relayed goes to stderr at the end.
/// </summary>
internal static class BridgeCommand
{
    public static Command Create()
    {
        var group = new Option<string>("--group") { Description = "The multicast group: an IPv4 (224.0.0.0/4, e.g. 239.255.42.99) or IPv6 (ff00::/8) address.", Required = true };
        var port = new Option<int>("--port") { Description = "The group's port.", Required = true };
        var @interface = new Option<string?>("--interface") { Description = "Required: the local interface address to join on and publish from, e.g. 192.168.1.10 (127.0.0.1 stays on this host; IPv6: ::%eth0)." };
        var nats = new Option<string>("--nats") { Description = "The NATS server URL, or several separated by commas, e.g. nats://10.0.0.5:4222.", Required = true };
        var bus = new Option<string>("--bus") { Description = "The NATS bus name: subjects are <prefix>.<bus>.<typeId>.", DefaultValueFactory = _ => "default" };
        var prefix = new Option<string>("--prefix") { Description = "The subjects' prefix.", DefaultValueFactory = _ => "tdg" };
        var typeIds = new Option<uint[]>("--type-id") { Description = "Relay only this contract (its [Datagram] type id); repeat for several. Default: every contract.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<double?>("--timeout") { Description = "Stop after this many seconds." };

        var command = new Command("bridge", "Relay the publications of a multicast group to a NATS bus and back, both ways, keeping publisher ids and sequence numbers (no loops). Counts go to stderr at the end.")
        {
            group, port, @interface, nats, bus, prefix, typeIds, timeout,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(group)!, result.GetValue(port), result.GetValue(@interface), result.GetValue(nats)!, result.GetValue(bus)!, result.GetValue(prefix)!, result.GetValue(typeIds) ?? [], result.GetValue(timeout)),
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter error, CancellationToken cancellationToken)
    {
        if (MulticastRule.RequireInterface("bridge", settings.Group, settings.Interface) is { } noInterface)
        {
            await error.WriteLineAsync(noInterface);
            return 1;
        }

        if (settings.Timeout is <= 0)
        {
            await error.WriteLineAsync("tdg bridge: --timeout must be positive");
            return 1;
        }

        var options = new NatsBridgeOptions
        {
            Group = settings.Group,
            Port = settings.Port,
            Interface = settings.Interface,
            Nats = new NatsBusOptions { Url = settings.Nats, Bus = settings.Bus, SubjectPrefix = settings.Prefix },
        };
        foreach (var typeId in settings.TypeIds)
        {
            options.TypeIds.Add(typeId);
        }

        NatsBridge bridge;
        try
        {
            bridge = await NatsBridge.StartAsync(options, cancellationToken);
        }
        catch (DgramException failure)
        {
            await error.WriteLineAsync($"tdg bridge: {failure.Code}: {failure.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        await using var running = bridge;
        bridge.Error += failure => error.WriteLine($"tdg: {failure.Message}");
        var relayed = settings.TypeIds.Length == 0 ? "every contract" : "type ids " + string.Join(", ", settings.TypeIds);
        await error.WriteLineAsync($"tdg: bridging {new HostPort(settings.Group, bridge.MulticastPort)} on {settings.Interface} and NATS {settings.Prefix}.{settings.Bus}.* at {settings.Nats}: {relayed}");

        var clock = Stopwatch.StartNew();
        try
        {
            await Task.Delay(settings.Timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the summary below says what was relayed.
        }

        await error.WriteLineAsync($"tdg: {bridge.Stats}; NATS {bridge.Connection} in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private sealed record Settings(string Group, int Port, string? Interface, string Nats, string Bus, string Prefix, uint[] TypeIds, double? Timeout);
}

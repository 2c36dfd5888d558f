using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// <c>tdg subscribe --group &lt;g&gt; --port &lt;p&gt; --interface &lt;addr&gt; --contracts &lt;dll&gt;</c>: joins a pub/sub
/// group with a <see cref="MulticastBus"/>, subscribes to the assembly's contracts (or one of them) and prints each
/// publication as a JSON line; the bus's delivery counts go to stderr at the end.
/// </summary>
internal static class SubscribeCommand
{
    public static Command Create()
    {
        var group = new Option<string>("--group") { Description = "The pub/sub group: an IPv4 (224.0.0.0/4, e.g. 239.255.42.99) or IPv6 (ff00::/8) multicast address.", Required = true };
        var port = new Option<int>("--port") { Description = "The group's port; 0 lets the OS choose (printed on stderr).", Required = true };
        var @interface = new Option<string?>("--interface") { Description = "Required: the local interface address to join on, e.g. 192.168.1.10 (127.0.0.1 stays on this host; IPv6: ::%eth0)." };
        var contracts = ContractOptions.Assembly("to subscribe to (all of them unless --contract names one)");
        var contract = ContractOptions.Name("to subscribe to alone");
        var source = new Option<string?>("--source") { Description = "Source-specific multicast: only publications sent from this address (group in 232.0.0.0/8 or ff3x::/32)." };
        var count = new Option<int?>("--count") { Description = "Stop after this many publications." };
        var timeout = new Option<double?>("--timeout") { Description = "Stop after this many seconds." };

        var command = new Command("subscribe", "Join a pub/sub group and print each publication of the assembly's contracts as one JSON line: {\"from\", \"contract\", \"message\"}. Delivery counts (lost, duplicated, ...) go to stderr at the end.")
        {
            group, port, @interface, contracts, contract, source, count, timeout,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(group)!, result.GetValue(port), result.GetValue(@interface), result.GetValue(contracts), result.GetValue(contract), result.GetValue(source), result.GetValue(count), result.GetValue(timeout)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The tool runs on the JIT; --contracts is reflection by design.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The tool is not trimmed.")]
    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (MulticastRule.RequireInterface("subscribe", settings.Group, settings.Interface) is { } noInterface)
        {
            await error.WriteLineAsync(noInterface);
            return 1;
        }

        if (settings.Count is <= 0 || settings.Timeout is <= 0)
        {
            await error.WriteLineAsync("tdg subscribe: --count and --timeout must be positive");
            return 1;
        }

        if (settings.Contracts is null)
        {
            await error.WriteLineAsync("tdg subscribe: give --contracts <assembly>: the contracts name what to subscribe to (tdg stats counts a group without them)");
            return 1;
        }

        Type[] subscribed;
        if (settings.Contract is { } name)
        {
            if (await ContractOptions.FindAsync("subscribe", settings.Contracts, name, error) is not { Contract: var one })
            {
                return 1;
            }

            subscribed = [one];
        }
        else if (await ContractOptions.LoadAsync("subscribe", settings.Contracts, error) is { } catalog)
        {
            subscribed = [.. catalog.All];
        }
        else
        {
            return 1;
        }

        MulticastBus bus;
        try
        {
            bus = await MulticastBus.JoinAsync(
                new MulticastOptions { Group = settings.Group, Port = settings.Port, Interface = settings.Interface!, Source = settings.Source },
                cancellationToken);
        }
        catch (DgramException failure)
        {
            await error.WriteLineAsync($"tdg subscribe: {failure.Code}: {failure.Message}");
            return 1;
        }
        catch (ArgumentException invalid)
        {
            await error.WriteLineAsync($"tdg subscribe: {invalid.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        await using var joined = bus;
        var received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var subscriptions = subscribed
            .Select(contract => ContractCatalog.Subscribe(bus, contract, (message, from) => received.Writer.TryWrite(Format(contract, message, from))))
            .ToList();
        long malformedShown = 0;
        bus.Malformed += malformed =>
        {
            // The first says what is on the group; a flood of others would drown the output.
            if (Interlocked.Exchange(ref malformedShown, 1) == 0)
            {
                error.WriteLine($"tdg: {malformed.Message} (further ones are only counted)");
            }
        };
        bus.Error += failure => error.WriteLine($"tdg: {failure.Message}");
        await error.WriteLineAsync($"tdg: joined {new HostPort(bus.Group, bus.Port)} on {settings.Interface}, subscribed to {string.Join(", ", subscribed.Select(type => type.FullName))}");

        // --timeout bounds the listening, not the join before it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Timeout is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var clock = Stopwatch.StartNew();
        var printed = 0;
        try
        {
            while (settings.Count is not { } limit || printed < limit)
            {
                await output.WriteLineAsync(await received.Reader.ReadAsync(stop.Token));
                printed++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // --timeout or Ctrl+C: the summary below says how far it got.
        }

        subscriptions.ForEach(subscription => subscription.Dispose());
        await output.FlushAsync(CancellationToken.None);
        await error.WriteLineAsync($"tdg: {bus.Stats} in {clock.Elapsed.TotalSeconds:F1} s");
        return settings.Count is { } wanted && printed < wanted && !cancellationToken.IsCancellationRequested ? 2 : 0;
    }

    [RequiresUnreferencedCode("Serializes a contract found by reflection.")]
    [RequiresDynamicCode("Serializes a contract found by reflection.")]
    private static string Format(Type contract, object message, RemoteInfo from)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("from", from.Family == "IPv6" ? $"[{from.Address}]:{from.Port}" : $"{from.Address}:{from.Port}");
            writer.WriteString("contract", contract.FullName);
            writer.WritePropertyName("message");
            ContractCatalog.WriteMessage(contract, message, writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed record Settings(string Group, int Port, string? Interface, FileInfo? Contracts, string? Contract, string? Source, int? Count, double? Timeout);
}

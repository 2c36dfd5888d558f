using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// <c>tdg publish --group &lt;g&gt; --port &lt;p&gt; --interface &lt;addr&gt; --contracts &lt;dll&gt; --contract &lt;name&gt; &lt;json&gt;</c>:
/// joins a pub/sub group with a <see cref="MulticastBus"/> and publishes the JSON object as that contract.
/// </summary>
internal static class PublishCommand
{
    private const int MaxCount = 1_000_000;

    public static Command Create()
    {
        var json = new Argument<string>("json") { Description = "The message: a JSON object of the contract's members, e.g. '{\"Symbol\":\"ACME\",\"Price\":101.25}'." };
        var group = new Option<string>("--group") { Description = "The pub/sub group: an IPv4 (224.0.0.0/4, e.g. 239.255.42.99) or IPv6 (ff00::/8) multicast address.", Required = true };
        var port = new Option<int>("--port") { Description = "The group's port.", Required = true };
        var @interface = new Option<string?>("--interface") { Description = "Required: the local interface address to publish from, e.g. 192.168.1.10 (127.0.0.1 stays on this host; IPv6: ::%eth0)." };
        var contracts = ContractOptions.Assembly("--contract is looked up in");
        var contract = ContractOptions.Name("to publish the JSON object as");
        var count = new Option<int>("--count") { Description = "How many times to publish it (each with the next sequence number).", DefaultValueFactory = _ => 1 };
        var ttl = new Option<int>("--ttl") { Description = "Multicast TTL: 1 stays on the local link.", DefaultValueFactory = _ => 1 };

        var command = new Command("publish", "Publish a contract, given as JSON, on a pub/sub group as a MulticastBus does (publication header, publisher id, sequence): `tdg publish --group 239.255.42.99 --port 41299 --interface 127.0.0.1 --contracts MyApp.dll --contract PriceTick '{\"Symbol\":\"ACME\",\"Price\":101.25}'`.")
        {
            json, group, port, @interface, contracts, contract, count, ttl,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(json)!, result.GetValue(group)!, result.GetValue(port), result.GetValue(@interface), result.GetValue(contracts), result.GetValue(contract), result.GetValue(count), result.GetValue(ttl)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The tool runs on the JIT; --contracts is reflection by design.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The tool is not trimmed.")]
    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (MulticastRule.RequireInterface("publish", settings.Group, settings.Interface) is { } noInterface)
        {
            await error.WriteLineAsync(noInterface);
            return 1;
        }

        if (settings.Count is < 1 or > MaxCount)
        {
            await error.WriteLineAsync($"tdg publish: --count must be 1..{MaxCount}");
            return 1;
        }

        if (settings.Contract is null)
        {
            await error.WriteLineAsync("tdg publish: give --contracts <assembly> and --contract <name>: a publication is a contract");
            return 1;
        }

        if (await ContractOptions.FindAsync("publish", settings.Contracts, settings.Contract, error) is not { Contract: var contract })
        {
            return 1;
        }

        object message;
        try
        {
            message = ContractCatalog.FromJson(contract, settings.Json);
        }
        catch (JsonException invalid)
        {
            await error.WriteLineAsync($"tdg publish: the JSON is not a {contract.FullName}: {invalid.Message}");
            return 1;
        }

        try
        {
            await using var bus = await MulticastBus.JoinAsync(
                new MulticastOptions { Group = settings.Group, Port = settings.Port, Interface = settings.Interface!, Ttl = settings.Ttl },
                cancellationToken);
            for (var i = 0; i < settings.Count; i++)
            {
                await ContractCatalog.PublishAsync(bus, contract, message, cancellationToken);
            }

            await output.WriteLineAsync($"published {settings.Count} {contract.FullName} to {new HostPort(bus.Group, bus.Port)} as publisher {bus.PublisherId:x16}");
        }
        catch (DgramException failure)
        {
            await error.WriteLineAsync($"tdg publish: {failure.Code}: {failure.Message}");
            return 1;
        }
        catch (ArgumentException invalid)
        {
            await error.WriteLineAsync($"tdg publish: {invalid.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        return 0;
    }

    private sealed record Settings(string Json, string Group, int Port, string? Interface, FileInfo? Contracts, string? Contract, int Count, int Ttl);
}

using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// <c>tdg send &lt;host:port&gt; &lt;json&gt;</c>: sends the JSON value as one MessagePack datagram, or, with
/// <c>--contract</c>, the JSON object as that contract, written by its generated serializer.
/// </summary>
internal static class SendCommand
{
    private const int MaxCount = 1_000_000;

    public static Command Create()
    {
        var destination = new Argument<string>("destination") { Description = "host:port, 1.2.3.4:port or [::1]:port; a multicast group works too (see --interface)." };
        var json = new Argument<string>("json") { Description = "The datagram as JSON: [typeId, member0, member1, ...] for a TypedDgram contract (arrays, objects, strings and numbers map to MessagePack); with --contract, an object of the contract's members." };
        var count = new Option<int>("--count") { Description = "How many times to send it.", DefaultValueFactory = _ => 1 };
        var @interface = new Option<string?>("--interface") { Description = "Required for a multicast destination: the local interface address to send from, e.g. 127.0.0.1 (loopback delivery is on)." };
        var contracts = ContractOptions.Assembly("--contract is looked up in");
        var contract = ContractOptions.Name("to send the JSON object as");

        var command = new Command("send", "Send one JSON value, converted to MessagePack, as a datagram: `tdg send 127.0.0.1:41234 '[1, 42, \"hello\"]'`, or a contract by name: `tdg send 127.0.0.1:41234 --contracts MyApp.dll --contract Greeting '{\"Seq\":42,\"Text\":\"hello\"}'`.")
        {
            destination, json, count, @interface, contracts, contract,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(destination)!,
            result.GetValue(json)!,
            result.GetValue(count),
            result.GetValue(@interface),
            result.GetValue(contracts),
            result.GetValue(contract),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The tool runs on the JIT; --contracts is reflection by design.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The tool is not trimmed.")]
    private static async Task<int> RunAsync(string destination, string json, int count, string? multicastInterface, FileInfo? contracts, string? contractName, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!HostPort.TryParse(destination, out var to, out var problem))
        {
            await error.WriteLineAsync($"tdg send: {problem}");
            return 1;
        }

        if (to.IsMulticast && MulticastRule.RequireInterface("send", to.Host, multicastInterface) is { } noInterface)
        {
            await error.WriteLineAsync(noInterface);
            return 1;
        }

        if (count is < 1 or > MaxCount)
        {
            await error.WriteLineAsync($"tdg send: --count must be 1..{MaxCount}");
            return 1;
        }

        Type? contract = null;
        if (contractName is not null)
        {
            if (await ContractOptions.FindAsync("send", contracts, contractName, error) is not { } found)
            {
                return 1;
            }

            contract = found.Contract;
        }

        byte[] datagram;
        try
        {
            datagram = contract is null ? JsonMessagePack.FromJson(json) : ContractCatalog.Serialize(contract, ContractCatalog.FromJson(contract, json));
        }
        catch (JsonException invalid)
        {
            await error.WriteLineAsync(contract is null
                ? $"tdg send: the datagram is not valid JSON: {invalid.Message}"
                : $"tdg send: the JSON is not a {contract.FullName}: {invalid.Message}");
            return 1;
        }

        await using var socket = Dgram.CreateSocket(to.SocketType);
        try
        {
            if (multicastInterface is not null)
            {
                await socket.BindAsync(0, multicastInterface, cancellationToken);
                socket.SetMulticastInterface(multicastInterface);
                socket.SetMulticastLoopback(true);
            }

            for (var i = 0; i < count; i++)
            {
                var sent = await socket.SendAsync(datagram, to.Port, to.Host, cancellationToken);
                await output.WriteLineAsync($"sent {sent} bytes to {to}");
            }
        }
        catch (DgramException failure)
        {
            await error.WriteLineAsync($"tdg send: {failure.Code}: {failure.Message}");
            return 1;
        }

        return 0;
    }
}

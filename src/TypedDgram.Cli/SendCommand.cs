using System.CommandLine;
using System.Text.Json;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary><c>tdg send &lt;host:port&gt; &lt;json&gt;</c>: sends the JSON value as one MessagePack datagram.</summary>
internal static class SendCommand
{
    private const int MaxCount = 1_000_000;

    public static Command Create()
    {
        var destination = new Argument<string>("destination") { Description = "host:port, 1.2.3.4:port or [::1]:port; a multicast group works too (see --interface)." };
        var json = new Argument<string>("json") { Description = "The datagram as JSON: [typeId, member0, member1, ...] for a TypedDgram contract; arrays, objects, strings and numbers map to MessagePack." };
        var count = new Option<int>("--count") { Description = "How many times to send it.", DefaultValueFactory = _ => 1 };
        var @interface = new Option<string?>("--interface") { Description = "For a multicast destination: the local interface address to send from (loopback delivery is on)." };

        var command = new Command("send", "Send one JSON value, converted to MessagePack, as a datagram: `tdg send 127.0.0.1:41234 '[1, 42, \"hello\"]'`.")
        {
            destination, json, count, @interface,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(destination)!,
            result.GetValue(json)!,
            result.GetValue(count),
            result.GetValue(@interface),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string destination, string json, int count, string? multicastInterface, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!HostPort.TryParse(destination, out var to, out var problem))
        {
            await error.WriteLineAsync($"tdg send: {problem}");
            return 1;
        }

        if (count is < 1 or > MaxCount)
        {
            await error.WriteLineAsync($"tdg send: --count must be 1..{MaxCount}");
            return 1;
        }

        byte[] datagram;
        try
        {
            datagram = JsonMessagePack.FromJson(json);
        }
        catch (JsonException invalid)
        {
            await error.WriteLineAsync($"tdg send: the datagram is not valid JSON: {invalid.Message}");
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

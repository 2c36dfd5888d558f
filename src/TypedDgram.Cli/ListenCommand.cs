using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary><c>tdg listen &lt;port&gt;</c>: binds, optionally joins a multicast group, and prints each datagram as a JSON line.</summary>
internal static class ListenCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var port = new Argument<int>("port") { Description = "The port to bind; 0 lets the OS choose (printed on stderr)." };
        var address = new Option<string?>("--address") { Description = "The local address to bind [default: 127.0.0.1 (::1 for IPv6), so only this host can reach it; with --group, 0.0.0.0 or ::, which a group's datagrams need]. 0.0.0.0 listens on every interface." };
        var group = new Option<string?>("--group") { Description = "A multicast group to join, e.g. 239.255.0.1; needs --interface." };
        var @interface = new Option<string?>("--interface") { Description = "Required with --group: the local interface address to join it on, e.g. 127.0.0.1 or 192.168.1.10." };
        var contracts = new Option<FileInfo?>("--contracts") { Description = "An assembly whose [Datagram] contracts name the datagrams and their members." };
        var count = new Option<int?>("--count") { Description = "Stop after this many datagrams." };
        var timeout = new Option<double?>("--timeout") { Description = "Stop after this many seconds." };

        var command = new Command("listen", "Print each datagram received on <port> as one JSON line: the sender, the size, the type id and the members (named with --contracts). Counters go to stderr.")
        {
            port, address, group, @interface, contracts, count, timeout,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(port), result.GetValue(address), result.GetValue(group), result.GetValue(@interface), result.GetValue(contracts), result.GetValue(count), result.GetValue(timeout)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The tool runs on the JIT; --contracts is reflection by design.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The tool is not trimmed.")]
    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Count is <= 0 || settings.Timeout is <= 0)
        {
            await error.WriteLineAsync("tdg listen: --count and --timeout must be positive");
            return 1;
        }

        if (settings.Group is { } joining && MulticastRule.RequireInterface("listen", joining, settings.Interface) is { } noInterface)
        {
            await error.WriteLineAsync(noInterface);
            return 1;
        }

        ContractCatalog? catalog = null;
        if (settings.Contracts is { } assembly && (catalog = await ContractOptions.LoadAsync("listen", assembly, error)) is null)
        {
            return 1;
        }

        var ipv6 = IsIPv6(settings.Address) || IsIPv6(settings.Group);
        var received = Channel.CreateUnbounded<(byte[] Datagram, RemoteInfo From)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = ipv6 ? "udp6" : "udp4", ReuseAddr = settings.Group is not null });
        socket.Message += (msg, rinfo) => received.Writer.TryWrite((msg, rinfo));
        socket.Error += failure => error.WriteLine($"tdg: {failure.Message}");

        try
        {
            var defaultAddress = settings.Group is null ? (ipv6 ? "::1" : "127.0.0.1") : (ipv6 ? "::" : "0.0.0.0");
            await socket.BindAsync(new BindOptions { Port = settings.Port, Address = settings.Address ?? defaultAddress }, cancellationToken);
            if (settings.Group is { } multicastGroup)
            {
                socket.AddMembership(multicastGroup, settings.Interface);
            }
        }
        catch (DgramException failure)
        {
            await error.WriteLineAsync($"tdg listen: {failure.Code}: {failure.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        var bound = socket.Address();
        await error.WriteLineAsync($"tdg: listening on {new HostPort(bound.Address, bound.Port)}{(settings.Group is null ? "" : $", group {settings.Group}")}");

        // --timeout bounds the listening, not the bind before it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Timeout is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var printer = new DatagramPrinter(catalog);
        long datagrams = 0;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        try
        {
            while (settings.Count is not { } limit || datagrams < limit)
            {
                var (datagram, from) = await received.Reader.ReadAsync(stop.Token);
                datagrams++;
                bytes += datagram.Length;
                await output.WriteLineAsync(printer.Format(datagram, from));
                if (clock.Elapsed - lastProgress >= ProgressInterval)
                {
                    lastProgress = clock.Elapsed;
                    await error.WriteLineAsync($"tdg: {datagrams} datagrams, {bytes} bytes, {printer.Undecodable} undecodable in {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // --timeout or Ctrl+C: the summary below says how far it got.
        }

        await output.FlushAsync(CancellationToken.None);
        await error.WriteLineAsync($"tdg: {datagrams} datagrams, {bytes} bytes, {printer.Undecodable} undecodable in {clock.Elapsed.TotalSeconds:F1} s");
        return settings.Count is { } wanted && datagrams < wanted && !cancellationToken.IsCancellationRequested ? 2 : 0;
    }

    private static bool IsIPv6(string? address) =>
        address is not null && IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;

    private sealed record Settings(int Port, string? Address, string? Group, string? Interface, FileInfo? Contracts, int? Count, double? Timeout);
}

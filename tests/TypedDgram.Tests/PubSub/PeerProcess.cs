using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Threading.Channels;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// A running tests/TypedDgram.PubSubPeer (publisher, subscriber or router), optionally inside a network namespace
/// (<c>ip netns exec</c>): commands go to its standard input, its lines are read back. Disposing quits it, or kills
/// it if it does not quit.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();
    private readonly string _name;

    private PeerProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static string PeerPath => typeof(PeerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PubSubPeer").Value!;

    /// <summary>
    /// Starts the peer in <paramref name="mode"/>, in namespace <paramref name="netns"/> if given, and waits for its
    /// <c>ready</c> line, or for a router its <c>routing</c> line or the <c>unavailable REASON</c> line of a kernel that
    /// cannot route multicast (the router has then exited).
    /// </summary>
    public static async Task<(PeerProcess Peer, string Ready)> StartAsync(string? netns, string mode, params string[] args)
    {
        string[] command = ["dotnet", PeerPath, mode, .. args];
        var start = netns is null
            ? new ProcessStartInfo(command[0], command[1..])
            : new ProcessStartInfo("ip", ["netns", "exec", netns, .. command]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var peer = new PeerProcess(Process.Start(start)!, $"{mode}{(netns is null ? "" : " in " + netns)}");
        try
        {
            return (peer, await (mode == "route" ? peer.ExpectAsync("routing", "unavailable") : peer.ExpectAsync("ready")));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the peer outright (SIGKILL on Linux): no disposal, no last datagram, as a crash or <c>kill -9</c> ends it.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(Patience);
    }

    /// <summary>Sends one command line.</summary>
    public void Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    /// <summary>The next line starting with one of <paramref name="prefixes"/>; fails with the peer's output if it reports an error, exits or is silent too long.</summary>
    public async Task<string> ExpectAsync(params string[] prefixes)
    {
        var expected = string.Join(" or ", prefixes.Select(prefix => $"\"{prefix}\""));
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(timeout.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (prefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)))
                    {
                        return line;
                    }

                    if (line.StartsWith("error", StringComparison.Ordinal) || line.StartsWith("usage", StringComparison.Ordinal))
                    {
                        throw Failure($"said \"{line}\"");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw Failure($"said nothing starting with {expected} in {Patience.TotalSeconds} s");
        }

        throw Failure($"exited before saying {expected}");
    }

    /// <summary>
    /// Asks a subscriber to wait for <paramref name="count"/> deliveries (0: report now) and returns its stats line's
    /// numbers, and under <c>from</c> the publications received per publisher id (hex): <c>"3fa2...:20"</c>, comma-separated.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> StatsAsync(long count = 0)
    {
        Send(count == 0 ? "stats" : $"wait {count}");
        return Parse(await ExpectAsync("stats "));
    }

    /// <summary>The <c>key=value</c> pairs of a subscriber's stats line.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string statsLine) => statsLine["stats ".Length..].Split(' ')
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair[1]);

    /// <summary>The publisher id (hex) from a publisher's ready line.</summary>
    public static string PublisherId(string ready) => ready[(ready.IndexOf("publisher=", StringComparison.Ordinal) + "publisher=".Length)..];

    /// <summary>The port from a ready line.</summary>
    public static int Port(string ready) =>
        int.Parse(ready.Split(' ').Single(word => word.StartsWith("port=", StringComparison.Ordinal))["port=".Length..], CultureInfo.InvariantCulture);

    /// <summary>The values of the keys named in <paramref name="shape"/> (<c>"lost=0 duplicated=0"</c>), in that form, to compare with it.</summary>
    public static string Pick(IReadOnlyDictionary<string, string> stats, string shape) => string.Join(
        ' ',
        shape.Split(' ').Select(pair => pair.Split('=')[0]).Select(key => $"{key}={(stats.TryGetValue(key, out var value) ? value : "?")}"));

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private InvalidOperationException Failure(string what)
    {
        lock (_errors)
        {
            return new InvalidOperationException($"The {_name} peer {what}. Its standard error: {_errors}");
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// A real nats-server process on 127.0.0.1 (or an address of a network namespace) with its own ports, stopped by its
/// PID: <see cref="Kill"/> sends SIGKILL, <see cref="DisposeAsync"/> stops it if it still runs. Optionally one node of a
/// cluster (routes to the other nodes' cluster ports). When nats-server is not installed, <see cref="Missing"/> says
/// why and the tests skip with that reason (.ci/run installs it).
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NatsServer(Process process, string host, int port, int clusterPort)
    {
        _process = process;
        Host = host;
        Port = port;
        ClusterPort = clusterPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Why no server can be started here (nats-server missing), or null.</summary>
    public static string? Missing { get; } = FindOnPath("nats-server") is null
        ? "nats-server is not installed (apt-get install -y nats-server; .ci/run installs it)"
        : null;

    public string Host { get; }

    public int Port { get; }

    public int ClusterPort { get; }

    public int Pid => _process.Id;

    public string Url => string.Create(CultureInfo.InvariantCulture, $"nats://{Host}:{Port}");

    /// <summary>What the server printed (for a failing test's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A free TCP port on 127.0.0.1 (the system's pick, released for the server to take).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a server on 127.0.0.1 and waits until it accepts connections.</summary>
    /// <remarks>
    /// A free port is free only until someone takes it: tests running side by side can pick the same one between
    /// <see cref="FreePort"/> and the server's bind, so without a given port a start that finds it taken tries another.
    /// </remarks>
    public static async Task<NatsServer> StartAsync(int? port = null, int? clusterPort = null, IEnumerable<int>? routes = null, IEnumerable<string>? extra = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(netns: null, "127.0.0.1", port ?? FreePort(), clusterPort, routes?.Select(p => $"nats://127.0.0.1:{p}"), extra);
            }
            catch (InvalidOperationException taken) when (port is null && attempt < 5 && taken.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    /// <summary>Starts a server on <paramref name="host"/>, inside namespace <paramref name="netns"/> if given, and waits until it accepts connections.</summary>
    public static async Task<NatsServer> StartAsync(string? netns, string host, int port, int? clusterPort, IEnumerable<string>? routes, IEnumerable<string>? extra = null)
    {
        List<string> arguments = ["-a", host, "-p", port.ToString(CultureInfo.InvariantCulture), .. extra ?? []];
        if (clusterPort is { } cluster)
        {
            arguments.AddRange(["--cluster_name", "tdg", "--cluster", $"nats://{host}:{cluster}"]);
            if (routes?.ToList() is { Count: > 0 } list)
            {
                arguments.AddRange(["--routes", string.Join(',', list)]);
            }
        }

        var start = netns is null
            ? new ProcessStartInfo("nats-server", arguments)
            : new ProcessStartInfo("ip", ["netns", "exec", netns, "nats-server", .. arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start");
        var server = new NatsServer(process, host, port, clusterPort ?? 0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!server.Output.Contains("Server is ready", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"nats-server on port {port} did not become ready: {server.Output}");
            }

            await Task.Delay(20);
        }

        return server;
    }

    /// <summary>Waits until the server's log says it has <paramref name="count"/> routes to other servers.</summary>
    public async Task WaitForRoutesAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (CountOf("Route connection created") < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"nats-server {Port} has fewer than {count} routes: {Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL, by PID: the server gets no chance to tell its clients.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private int CountOf(string text)
    {
        var output = Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string? FindOnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, file)).FirstOrDefault(File.Exists);
}

using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TypedDgram.Interop.Tests;

/// <summary>
/// The Node.js peer (tests/interop/node/peer.js) as a child process, started once for all interop tests: it installs
/// the peer's packages with <c>npm ci</c> when they are missing, starts <c>node peer.js</c> and reads the port it
/// printed. Where node or npm is missing, or the peer does not start, <see cref="Unavailable"/> says why.
/// </summary>
public sealed partial class NodePeer(IMessageSink diagnostics) : IAsyncLifetime
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // The peer exits by itself when its standard input closes (this process is gone) or after this long.
    private const int LifetimeSeconds = 300;

    private readonly StringBuilder _stderr = new();
    private Process? _process;

    /// <summary>The peer's UDP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Why the peer is not running, or null when it is.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>What the peer wrote to stderr so far (its reasons for each Failure it sent).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Skips the calling test where the peer is unavailable, or fails it on CI (CI=true), which must have Node.js.</summary>
    public void Require()
    {
        if (Unavailable is null)
        {
            return;
        }

        var ci = Environment.GetEnvironmentVariable("CI");
        if (!string.IsNullOrEmpty(ci) && !ci.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("The interop tests need Node.js (18 or later) and npm on CI: " + Unavailable);
        }

        Skip.If(true, "Interop test not run: " + Unavailable);
    }

    public async Task InitializeAsync()
    {
        await StartOrExplainAsync();
        diagnostics.OnMessage(new DiagnosticMessage(Unavailable is null
            ? $"Node.js peer listening on 127.0.0.1:{Port}"
            : "Interop tests not run: " + Unavailable));
    }

    private async Task StartOrExplainAsync()
    {
        var directory = typeof(NodePeer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NodePeerDirectory").Value!;
        var node = FindOnPath("node");
        if (node is null)
        {
            Unavailable = "node was not found on PATH.";
            return;
        }

        if (!File.Exists(Path.Combine(directory, "node_modules", "@msgpack", "msgpack", "package.json")))
        {
            var npm = FindOnPath("npm");
            if (npm is null)
            {
                Unavailable = $"npm was not found on PATH, and {directory}/node_modules is missing (run `npm ci --prefix tests/interop/node`).";
                return;
            }

            var (exitCode, output) = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], directory, InstallTimeout);
            if (exitCode != 0)
            {
                Unavailable = $"`npm ci` in {directory} failed with exit code {exitCode}:\n{output}";
                return;
            }
        }

        await StartAsync(node, directory);
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        using var process = _process;
        if (!process.HasExited)
        {
            // The peer stops when its standard input ends; kill it (by its own id) only if it does not.
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                process.Kill();
            }
        }
    }

    private async Task StartAsync(string node, string directory)
    {
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("peer.js");
        start.ArgumentList.Add("--lifetime");
        start.ArgumentList.Add(LifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();

        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            line = null;
        }

        var match = line is null ? null : ListeningLine().Match(line);
        if (match is not { Success: true })
        {
            Unavailable = $"`node peer.js` in {directory} did not print its port within {StartTimeout.TotalSeconds} s " +
                $"(first line: {line ?? "none"}; stderr: {Stderr})";
            return;
        }

        Port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            return (-1, $"timed out after {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? FindOnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^listening 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();
}

using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// The network namespace lab of netns.sh, made for one test class and deleted after it: hosts h1–h3 on link A (a
/// bridge in its own namespace), a router r between link A and link B, and a host "far" on link B. Every address is
/// inside these namespaces. Needs Linux, root and iproute2 (CI runs as root); otherwise <see cref="Unavailable"/> says
/// why and the tests skip with that reason.
/// </summary>
public sealed class MulticastLab : IDisposable
{
    public MulticastLab()
    {
        Prefix = $"tdg{Guid.NewGuid():N}"[..8];
        Net = Random.Shared.Next(1, 255);
        if (!OperatingSystem.IsLinux())
        {
            Unavailable = "network namespaces need Linux";
            return;
        }

        try
        {
            Run("bash", ScriptPath, "up", Prefix, Net.ToString(CultureInfo.InvariantCulture), "3");
            Created = true;
        }
        catch (Exception error)
        {
            Unavailable = $"cannot build the network namespace lab (needs root and iproute2): {error.Message}";
        }
    }

    /// <summary>Why the lab could not be made, or null.</summary>
    public string? Unavailable { get; }

    public string Prefix { get; }

    public int Net { get; }

    private bool Created { get; }

    private static string ScriptPath => typeof(MulticastLab).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PubSubLab").Value!;

    /// <summary>A namespace's name: <c>h1</c>, <c>h2</c>, <c>h3</c>, <c>r</c> or <c>far</c>.</summary>
    public string Ns(string host) => $"{Prefix}-{host}";

    /// <summary>A host's IPv4 address on its link (the router's on link A).</summary>
    public string V4(string host) => host switch
    {
        "far" => $"10.{Net}.1.1",
        "r" => $"10.{Net}.0.254",
        _ => $"10.{Net}.0.{host[1..]}",
    };

    /// <summary>A host's IPv6 address on its link.</summary>
    public string V6(string host) => host switch
    {
        "far" => $"fd00:{Net}:1::1",
        "r" => $"fd00:{Net}::254",
        _ => $"fd00:{Net}::{host[1..]}",
    };

    /// <summary>The IPv6 interface of a host for the bus options: <c>::%index</c> of its eth0.</summary>
    public string V6Interface(string host)
    {
        var line = Run("ip", "-n", Ns(host), "-o", "link", "show", "eth0");
        return $"::%{line[..line.IndexOf(':', StringComparison.Ordinal)]}";
    }

    /// <summary>The multicast groups a host's eth0 is a member of, as <c>ip maddr</c> lists them.</summary>
    public string Memberships(string host) => Run("ip", "-n", Ns(host), "maddr", "show", "dev", "eth0");

    public void Dispose()
    {
        if (Created)
        {
            Run("bash", ScriptPath, "down", Prefix);
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error.Trim()}");
    }
}

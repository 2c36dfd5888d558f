using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace TypedDgram.Tests.PubSub;

/// <summary>examples/Ticker, the README's first command, run as a user runs it (on a random group, any free port).</summary>
public class TickerDemoTests
{
    private static string TickerPath => typeof(TickerDemoTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Ticker").Value!;

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [TickerPath, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Demo_prints_ticks_and_exact_counters_and_stops_by_itself()
    {
        var (exitCode, output, errors) = await RunAsync("--group", Loopback.NewGroup(), "--port", "0", "--seconds", "1");

        Assert.True(exitCode == 0, $"exit {exitCode}: {output}{errors}");
        Assert.Contains("ACME", output);
        Assert.Matches(@"subscriber 1 \(handler\): received (\d+), lost 0, duplicated 0, reordered 0, stale 0, malformed 0", output);
        Assert.Matches(@"subscriber 2 \(stream\):  received (\d+), lost 0", output);
    }

    [Fact]
    public async Task Demo_on_an_interface_that_is_not_this_hosts_says_what_to_check_and_exits_1()
    {
        var (exitCode, _, errors) = await RunAsync("--group", Loopback.NewGroup(), "--port", "0", "--interface", "192.0.2.1");

        Assert.Equal(1, exitCode);
        Assert.Contains("Could not join", errors);
        Assert.Contains("'ip addr'", errors);
    }

    [Fact]
    public async Task Subscriber_that_hears_nothing_stops_after_wait_and_names_a_missing_publisher_first()
    {
        var (exitCode, output, errors) = await RunAsync("--subscribe", "--group", Loopback.NewGroup(), "--port", "0", "--wait", "1");

        Assert.Equal(1, exitCode);
        Assert.Contains("subscriber: received 0", output);
        Assert.Contains("No publication arrived in 1 s", errors);
        Assert.Matches(@"arrived in 1 s[^\n]*\nMost likely no publisher ran", errors);
    }

    [Fact]
    public async Task Subscriber_started_before_the_publisher_says_it_is_still_waiting_then_receives()
    {
        var group = Loopback.NewGroup();
        var port = FreeUdpPort().ToString(CultureInfo.InvariantCulture);
        var subscriber = RunAsync("--subscribe", "--group", group, "--port", port, "--wait", "20", "--seconds", "1");
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than the 2 s between "still waiting" notices
        var publisher = await RunAsync("--publish", "--group", group, "--port", port, "--seconds", "2");
        var (exitCode, output, errors) = await subscriber;

        Assert.True(publisher.ExitCode == 0, $"publisher exit {publisher.ExitCode}: {publisher.Output}{publisher.Errors}");
        Assert.True(exitCode == 0, $"subscriber exit {exitCode}: {output}{errors}");
        Assert.Contains("no publisher yet, still waiting", output);
        Assert.Contains("ACME", output);
        Assert.Matches(@"subscriber: received [1-9]", output);
    }

    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task Unknown_option_prints_the_usage_and_exits_2()
    {
        var (exitCode, _, errors) = await RunAsync("--bogus");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: dotnet run --project examples/Ticker", errors);
    }
}

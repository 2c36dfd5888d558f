using System.Diagnostics;
using System.Reflection;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// examples/Ticker with <c>--nats</c>: the same program as over multicast (TypedDgram.Tests' TickerDemoTests run it
/// that way), one option apart, against a real nats-server: in one process, and as publisher and subscriber in two.
/// </summary>
public sealed class TickerOverNatsTests
{
    private static string TickerPath => typeof(TickerOverNatsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Ticker").Value!;

    [SkippableFact]
    public async Task Demo_over_NATS_prints_ticks_and_exact_counters_and_stops_by_itself()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var (exitCode, output, errors) = await RunAsync("--nats", server.Url, "--seconds", "1");

        Assert.True(exitCode == 0, $"exit {exitCode}: {output}{errors}");
        Assert.Contains($"NATS bus 'ticker' at {server.Url}", output);
        Assert.Contains("ACME", output);
        Assert.Contains("from tdg.ticker.", output);
        Assert.Matches(@"subscriber 1 \(handler\): received (\d+), lost 0, duplicated 0, reordered 0, stale 0, malformed 0", output);
        Assert.Matches(@"subscriber 2 \(stream\):  received (\d+), lost 0", output);
    }

    [SkippableFact]
    public async Task Publisher_and_subscriber_processes_over_NATS_count_every_tick()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var subscriber = RunAsync("--subscribe", "--nats", server.Url, "--bus", "two", "--wait", "30", "--seconds", "1");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var publisher = await RunAsync("--publish", "--nats", server.Url, "--bus", "two", "--seconds", "3");
        var (exitCode, output, errors) = await subscriber;

        Assert.True(publisher.ExitCode == 0, $"publisher exit {publisher.ExitCode}: {publisher.Output}{publisher.Errors}");
        Assert.True(exitCode == 0, $"subscriber exit {exitCode}: {output}{errors}");
        Assert.Contains("ACME", output);
        Assert.Matches(@"subscriber: received [1-9]\d*, lost 0, duplicated 0", output);
    }

    [SkippableFact]
    public async Task Demo_with_no_NATS_server_says_where_it_tried_and_exits_1()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        var url = $"nats://127.0.0.1:{NatsServer.FreePort()}";
        var (exitCode, _, errors) = await RunAsync("--nats", url);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Could not connect to the NATS bus 'ticker' at {url}", errors);
        Assert.Contains("check that a server is running there", errors);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [TickerPath, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}

using System.Diagnostics;
using System.Reflection;

namespace TypedDgram.Hosting.Tests;

/// <summary>examples/Hosted, started from a directory other than its own, as `dotnet run --project` from the repository's root does.</summary>
public class HostedExampleTests
{
    private static string HostedPath => typeof(HostedExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Hosted").Value!;

    private static async Task<(int ExitCode, string Output)> RunFromTempAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [HostedPath, .. args])
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task Started_from_another_directory_it_reads_its_appsettings_and_listens_on_loopback()
    {
        var (exitCode, output) = await RunFromTempAsync();

        Assert.True(exitCode == 0, $"exit {exitCode}: {output}");
        Assert.Contains("listening on 127.0.0.1:", output);
        Assert.DoesNotContain("Application started", output); // appsettings.json quiets Microsoft.Hosting: it was read
        Assert.Contains("echo 2: UDP", output);
    }

    [Fact]
    public async Task With_no_address_configured_it_listens_on_loopback_not_every_address()
    {
        var (exitCode, output) = await RunFromTempAsync("--Echo:Address=");

        Assert.True(exitCode == 0, $"exit {exitCode}: {output}");
        Assert.Contains("listening on 127.0.0.1:", output);
    }
}

using System.CommandLine;

namespace TypedDgram.Cli.Tests;

/// <summary>Runs a `tdg` command in-process with captured output and error streams.</summary>
internal sealed class TdgRun
{
    private TdgRun(string[] args)
    {
        var configuration = new InvocationConfiguration { Output = Output, Error = Error, ProcessTerminationTimeout = null };
        Exit = Tdg.RunAsync(args, configuration);
    }

    public LineWriter Output { get; } = new();

    public LineWriter Error { get; } = new();

    /// <summary>The command's exit code, once it finishes.</summary>
    public Task<int> Exit { get; }

    public static TdgRun Start(params string[] args) => new(args);

    /// <summary>Waits for the command to finish and returns its exit code.</summary>
    public Task<int> FinishedAsync() => Exit.WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>For `tdg listen`: waits for "listening on host:port" and returns the port.</summary>
    public async Task<int> ListeningPortAsync()
    {
        var line = await Error.NextAsync("tdg: listening on ");
        var endpoint = line["tdg: listening on ".Length..].Split(',')[0];
        return int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>For `tdg stats`: waits for "joined group:port" and returns the port.</summary>
    public async Task<int> JoinedPortAsync()
    {
        var line = await Error.NextAsync("tdg: joined ");
        var endpoint = line["tdg: joined ".Length..].Split(' ')[0];
        return int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

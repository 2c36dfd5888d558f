using System.Diagnostics;
using System.Text;

namespace TypedDgram.Benchmarks.Throughput;

/// <summary>A child process of the throughput runner, spoken to line by line (see <see cref="ChildProtocol"/>). Disposing kills it if it is still running.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public static ChildProcess Start(ChildCommand command)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var child = new ChildProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._stderr)
                {
                    child._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>What the child wrote to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>The fields after <paramref name="keyword"/> on the next line that starts with it; other lines are skipped.</summary>
    public async Task<string[]> ExpectAsync(string keyword, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardOutput.ReadLineAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no {keyword} within {timeout.TotalSeconds:F0} s. stderr: {Errors}");
            }

            if (line is null)
            {
                throw new InvalidOperationException($"exited before {keyword}. stderr: {Errors}");
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0] == keyword)
            {
                return fields[1..];
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }
}

/// <summary>A program, its arguments, and variables to add to its environment.</summary>
public readonly record struct ChildCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    public override string ToString() => FileName + " " + string.Join(' ', Arguments);
}

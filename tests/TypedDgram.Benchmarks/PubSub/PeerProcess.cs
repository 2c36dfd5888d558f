using System.Diagnostics;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// One process of a comparison run (ddsperf or a bus peer), pinned to a core with <c>taskset</c> when there is one
/// (taskset execs the command, so the process id is the measured program's). Its standard output is kept line by line,
/// and written to <see cref="LogFile"/> when it is disposed. Disposing kills it if it is still running.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, bool> _isReady;

    private readonly bool _stopsOnInput;
    private (Func<string, bool> Match, TaskCompletionSource<string> Line)? _waiter;

    private PeerProcess(Process process, Func<string, bool> isReady, bool stopsOnInput)
    {
        _process = process;
        _isReady = isReady;
        _stopsOnInput = stopsOnInput;
    }

    public static bool HasTaskset { get; } = File.Exists("/usr/bin/taskset") || File.Exists("/bin/taskset");

    public int Id => _process.Id;

    public string Name { get; private init; } = "";

    /// <summary>Where its output is written when disposed (null: nowhere).</summary>
    public string? LogFile { get; init; }

    /// <summary>
    /// Starts <paramref name="file"/> on <paramref name="cpu"/>; <paramref name="isReady"/> picks the line that says it is
    /// set up; <paramref name="stopsOnInput"/>: <see cref="Stop"/> sends it the line <c>stop</c> (a bus peer) rather than SIGINT (ddsperf).
    /// </summary>
    public static PeerProcess Start(string name, int cpu, string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Func<string, bool> isReady, bool stopsOnInput, string? logFile = null)
    {
        var info = new ProcessStartInfo(HasTaskset ? "taskset" : file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (HasTaskset)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var peer = new PeerProcess(process, isReady, stopsOnInput) { Name = name, LogFile = logFile };
        if (logFile is not null)
        {
            peer.OnLine($"# {string.Join(' ', info.ArgumentList.Prepend(info.FileName))}");
        }

        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data is null ? null : "stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Every line so far.</summary>
    public string[] Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The ready line, or an exception naming the process and its output when it does not come in time.</summary>
    public async Task<string> ReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_ready.Task, Task.Delay(timeout));
        return finished == _ready.Task
            ? await _ready.Task
            : throw new InvalidOperationException($"{Name} was not ready within {timeout.TotalSeconds} s; its output: {Tail()}");
    }

    /// <summary>The next line it prints that <paramref name="match"/> takes, as soon as it arrives; an exception naming the process after <paramref name="timeout"/>.</summary>
    public async Task<string> NextLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            _waiter = (match, line);
        }

        var finished = await Task.WhenAny(line.Task, Task.Delay(timeout));
        return finished == line.Task
            ? await line.Task
            : throw new InvalidOperationException($"{Name} printed no report within {timeout.TotalSeconds} s; its output: {Tail()}");
    }

    /// <summary>Asks it to end: a bus peer by the line <c>stop</c>, ddsperf by SIGINT, on which it prints its last report and exits.</summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (_stopsOnInput)
        {
            try
            {
                _process.StandardInput.WriteLine("stop");
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // It ended between the check and the write (a closed pipe): already stopped.
            }
        }
        else
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
    }

    /// <summary>Waits for the process to end, killing it after <paramref name="timeout"/>; returns its exit code (-1 if killed).</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _process.WaitForExit(); // the redirected output is read to its end
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            return -1;
        }
    }

    /// <summary>The last lines of its output, for an error message.</summary>
    public string Tail() => string.Join(" | ", Lines.TakeLast(6));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }

        if (LogFile is not null)
        {
            File.WriteAllLines(LogFile, Lines);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource<string>? waiting = null;
        lock (_lines)
        {
            _lines.Add(line);
            if (_waiter is { } waiter && waiter.Match(line))
            {
                (waiting, _waiter) = (waiter.Line, null);
            }
        }

        waiting?.TrySetResult(line);

        if (_isReady(line))
        {
            _ready.TrySetResult(line);
        }
        else if (line.StartsWith("error ", StringComparison.Ordinal))
        {
            _ready.TrySetException(new InvalidOperationException($"{Name}: {line}"));
        }
    }
}

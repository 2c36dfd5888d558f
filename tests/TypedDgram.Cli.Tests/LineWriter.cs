using System.Text;
using System.Threading.Channels;

namespace TypedDgram.Cli.Tests;

/// <summary>A TextWriter that hands each completed line to the test, which can wait for the next one.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Every line written so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_line)
            {
                return [.. _all];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                var line = _line.ToString().TrimEnd('\r');
                _line.Clear();
                _all.Add(line);
                _lines.Writer.TryWrite(line);
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    /// <summary>The next line that starts with <paramref name="prefix"/>, skipping the others.</summary>
    public async Task<string> NextAsync(string prefix = "")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(timeout.Token);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }
}

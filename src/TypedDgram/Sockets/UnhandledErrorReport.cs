using System.Globalization;

namespace TypedDgram.Sockets;

/// <summary>
/// Where a socket error goes when nothing subscribed to <c>Error</c> or <see cref="Dgram.UnhandledError"/>: standard
/// error, as an uncaught Node error would be seen, but rate-limited. Anyone who can reach the port can make errors
/// (malformed datagrams, for one), so only the first <see cref="ShownInFull"/> are written in full; after them one
/// line per <see cref="Period"/> counts the rest, so a stranger cannot flood the application's logs.
/// </summary>
internal sealed class UnhandledErrorReport(Func<TextWriter> output, TimeProvider time)
{
    /// <summary>How many unhandled errors are written in full before they are only counted.</summary>
    public const int ShownInFull = 5;

    /// <summary>How often the count of the errors not shown is written, while there are any.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private int _shown;
    private long _counted;
    private ITimer? _summary;

    /// <summary>Writes <paramref name="error"/>, raised on a <paramref name="socketType"/> socket, or counts it once enough were written.</summary>
    public void Report(string socketType, Exception error)
    {
        string text;
        lock (_gate)
        {
            if (_shown >= ShownInFull)
            {
                _counted++;
                _summary ??= time.CreateTimer(_ => WriteCount(), null, Period, Timeout.InfiniteTimeSpan);
                return;
            }

            _shown++;
            text = $"TypedDgram: unhandled error on a {socketType} socket: {error}";
            if (_shown == ShownInFull)
            {
                text += string.Create(CultureInfo.InvariantCulture, $"""

                    TypedDgram: {ShownInFull} unhandled errors shown; further ones are only counted, every {Period.TotalSeconds:0} s. Subscribe to the socket's Error event (or Dgram.UnhandledError) to handle them.
                    """);
            }
        }

        output().WriteLine(text);
    }

    /// <summary>Counts <paramref name="count"/> errors that were never raised (a socket's error lane was full) in the next summary line.</summary>
    public void Count(long count)
    {
        lock (_gate)
        {
            _counted += count;
            _summary ??= time.CreateTimer(_ => WriteCount(), null, Period, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Writes how many errors were counted since the last count, and starts counting again.</summary>
    internal void WriteCount()
    {
        long counted;
        lock (_gate)
        {
            (counted, _counted) = (_counted, 0);
            _summary?.Dispose();
            _summary = null;
        }

        if (counted > 0)
        {
            output().WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"TypedDgram: {counted} more unhandled socket errors in the last {Period.TotalSeconds:0} s (not shown; subscribe to Error to handle them)."));
        }
    }
}

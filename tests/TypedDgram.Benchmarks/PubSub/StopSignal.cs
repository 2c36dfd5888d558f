namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// A bus peer's stop: the line <c>stop</c> on standard input, which <see cref="PubSubVsDds"/> sends once it has read
/// what it measures (ddsperf gets SIGINT instead). The end of input is not a stop, so that a peer started by hand with
/// no input runs its <c>--seconds</c>.
/// </summary>
public static class StopSignal
{
    private static readonly CancellationTokenSource Source = new();

    public static CancellationToken Token => Source.Token;

    /// <summary>Starts listening on standard input (once per process).</summary>
    public static void Listen()
    {
        var reader = new Thread(() =>
        {
            while (Console.ReadLine() is { } line)
            {
                if (line.Trim() == "stop")
                {
                    Source.Cancel();
                    return;
                }
            }
        })
        {
            IsBackground = true,
            Name = "stop signal",
        };
        reader.Start();
    }

    /// <summary>Waits until <paramref name="timeout"/> has passed or the peer is told to stop; true when told to stop.</summary>
    public static bool Wait(TimeSpan timeout) => timeout > TimeSpan.Zero && Token.WaitHandle.WaitOne(timeout);
}

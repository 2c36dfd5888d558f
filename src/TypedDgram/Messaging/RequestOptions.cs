namespace TypedDgram.Messaging;

/// <summary>
/// How long <c>RequestAsync</c> waits for a response and how often it sends the request again: it waits
/// <see cref="Timeout"/> after the first send, then each retry waits <see cref="Backoff"/> times longer than the one
/// before (1 s, 2 s, 4 s with the defaults), and after the last wait throws <see cref="RequestTimeoutException"/>.
/// A retry carries the same correlation id, so a server that got the request already answers it from its response
/// cache instead of running the handler again.
/// </summary>
public sealed record RequestOptions
{
    /// <summary>The defaults: 1 s, 2 retries, back-off 2.</summary>
    public static RequestOptions Default { get; } = new();

    /// <summary>The wait for a response after the first send; more than zero, at most <see cref="int.MaxValue"/> milliseconds. 1 s by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times the request is sent again when no response comes in time, 0..100; 2 by default (3 sends in all).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The factor each wait grows by from one send to the next, 1 (no growth) to 10; 2 by default. A wait is capped at <see cref="int.MaxValue"/> milliseconds.</summary>
    public double Backoff { get; init; } = 2;

    /// <summary>Limits for reading the response, which is untrusted input like any datagram; <see cref="Contracts.DatagramReaderLimits.Default"/> when null.</summary>
    public Contracts.DatagramReaderLimits? Limits { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value out of its range.</summary>
    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "RequestOptions.Timeout must be more than zero and at most int.MaxValue milliseconds.");
        }

        if (Retries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "RequestOptions.Retries must be 0..100.");
        }

        if (!(Backoff is >= 1 and <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(Backoff), Backoff, "RequestOptions.Backoff must be 1..10.");
        }
    }

    /// <summary>The wait after the send numbered <paramref name="attempt"/> (1 for the first).</summary>
    internal TimeSpan WaitFor(int attempt)
    {
        var milliseconds = Timeout.TotalMilliseconds * Math.Pow(Backoff, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, int.MaxValue));
    }
}

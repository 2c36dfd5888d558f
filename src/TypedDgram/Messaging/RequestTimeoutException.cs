namespace TypedDgram.Messaging;

/// <summary>
/// No response came to a <c>RequestAsync</c> after its last retry. A <see cref="TimeoutException"/>, because that is
/// what it is and what callers already catch for a wait that ran out; not a <c>DgramException</c>, whose codes are
/// Node's socket errors (Node has no request/response, and the socket did nothing wrong).
/// </summary>
public sealed class RequestTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for a request of <paramref name="requestType"/> that got no answer.</summary>
    internal RequestTimeoutException(string requestType, ulong correlationId, int attempts, TimeSpan elapsed, string? destination)
        : base($"No response to {requestType} (correlation id {correlationId:x16}) from {destination ?? "the connected peer"} after {attempts} attempt(s) in {elapsed.TotalSeconds:0.###} s.")
    {
        RequestType = requestType;
        CorrelationId = correlationId;
        Attempts = attempts;
        Elapsed = elapsed;
    }

    /// <summary>The request contract's full name.</summary>
    public string RequestType { get; }

    /// <summary>The correlation id every attempt carried.</summary>
    public ulong CorrelationId { get; }

    /// <summary>How many times the request was sent.</summary>
    public int Attempts { get; }

    /// <summary>The time from the first send to giving up.</summary>
    public TimeSpan Elapsed { get; }
}

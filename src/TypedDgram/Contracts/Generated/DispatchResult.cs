namespace TypedDgram.Contracts.Generated;

/// <summary>Called by generated code; not for use in your code. What a generated dispatch did with a datagram.</summary>
/// <remarks>
/// The generated <c>IDatagramHandlers.Dispatch</c> returns it (named, not linked: Contracts sits below Messaging): it
/// called a handler (perhaps still running), found none, or could not read the datagram.
/// </remarks>
public readonly struct DispatchResult
{
    private DispatchResult(DispatchStatus status, ValueTask pending, PendingResponse? response = null)
    {
        Status = status;
        Pending = pending;
        Response = response;
    }

    /// <summary>A synchronous handler ran.</summary>
    public static DispatchResult Handled => new(DispatchStatus.Handled, default);

    /// <summary>No handler for the type id.</summary>
    public static DispatchResult NoHandler => new(DispatchStatus.NoHandler, default);

    /// <summary>The datagram's members could not be read; the reason is in the read context.</summary>
    public static DispatchResult Malformed => new(DispatchStatus.Malformed, default);

    /// <summary>What happened.</summary>
    public DispatchStatus Status { get; }

    /// <summary>The asynchronous handler's work, for <see cref="DispatchStatus.Started"/>.</summary>
    public ValueTask Pending { get; }

    /// <summary>A request handler's response, to send back to the requester; null when the handler returns none.</summary>
    internal PendingResponse? Response { get; }

    /// <summary>An asynchronous handler was called and returned <paramref name="pending"/>.</summary>
    public static DispatchResult Started(ValueTask pending) => new(DispatchStatus.Started, pending);

    /// <summary>A synchronous request handler returned <paramref name="response"/>, which goes back to the requester.</summary>
    public static DispatchResult Responded<TResponse>(TResponse response)
        where TResponse : IDatagram<TResponse>
        => new(DispatchStatus.Handled, default, new PendingResponse<TResponse>(response));

    /// <summary>An asynchronous request handler returned <paramref name="response"/>, which goes back to the requester when it completes.</summary>
    public static DispatchResult Responding<TResponse>(ValueTask<TResponse> response)
        where TResponse : IDatagram<TResponse>
    {
        if (response.IsCompletedSuccessfully)
        {
            return Responded(response.Result);
        }

        var task = response.AsTask();
        return new(DispatchStatus.Started, new ValueTask(task), new PendingResponse<TResponse>(task));
    }
}

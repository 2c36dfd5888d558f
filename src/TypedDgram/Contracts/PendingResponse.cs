namespace TypedDgram.Contracts;

/// <summary>
/// A request handler's response, as the generated dispatch hands it over in a <c>DispatchResult</c>: ready, or still
/// being computed by an asynchronous handler. The attachment that dispatched the request sends it back with the
/// request's correlation id once it is ready.
/// </summary>
internal abstract class PendingResponse
{
    /// <summary>The asynchronous handler's work, or null when the response is ready.</summary>
    public abstract Task? Completion { get; }

    /// <summary>Whether the response's contract is sent with an HMAC trailer.</summary>
    public abstract bool Authenticated { get; }

    /// <summary>The response's contract name, for errors.</summary>
    public abstract string ContractName { get; }

    /// <summary>The response as a datagram in a pooled array the caller owns; once <see cref="Completion"/> has succeeded. Throws for a null response.</summary>
    public abstract byte[] Serialize(Correlation correlation, out int length);
}

/// <summary>A response of contract <typeparamref name="T"/>.</summary>
internal sealed class PendingResponse<T> : PendingResponse
    where T : IDatagram<T>
{
    private readonly T? _ready;
    private readonly Task<T>? _pending;

    public PendingResponse(T ready) => _ready = ready;

    public PendingResponse(Task<T> pending) => _pending = pending;

    public override Task? Completion => _pending;

    public override bool Authenticated => T.Authenticated;

    public override string ContractName => typeof(T).FullName ?? typeof(T).Name;

    public override byte[] Serialize(Correlation correlation, out int length)
    {
        var response = _pending is null ? _ready : _pending.Result;
        if (response is null)
        {
            throw new InvalidOperationException($"A request handler returned a null {ContractName}; a handler that has no answer returns void instead.");
        }

        return PooledEnvelope.Serialize(response, correlation, out length);
    }
}

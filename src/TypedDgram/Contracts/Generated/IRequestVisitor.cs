namespace TypedDgram.Contracts.Generated;

/// <summary>
/// Called by generated code; not for use in your code. What a generated <see cref="IRequest{TResponse}.Accept"/>
/// calls back with the request as its own contract type, so the library serializes it without reflection.
/// </summary>
/// <typeparam name="TResponse">The request's response contract.</typeparam>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IRequestVisitor<TResponse, out TResult>
    where TResponse : IDatagram<TResponse>
{
    /// <summary>Called with the request as its contract type <typeparamref name="TRequest"/>.</summary>
    TResult Visit<TRequest>(TRequest request)
        where TRequest : IDatagram<TRequest>, IRequest<TResponse>;
}

using System.ComponentModel;
using TypedDgram.Contracts.Generated;

namespace TypedDgram.Contracts;

/// <summary>
/// Declares a <c>[Datagram]</c> contract a request whose answer is a <typeparamref name="TResponse"/>:
/// <c>[Datagram(Id = 10)] partial record GetQuote(string Symbol) : IRequest&lt;Quote&gt;;</c>. A client sends it with
/// <c>socket.RequestAsync(request, port, address)</c> and awaits the response; a <c>[DatagramHandler]</c> for it
/// returns the response (or a <c>ValueTask</c>/<c>Task</c> of it), which is sent back to the requester. The generator
/// implements it; docs/wire-format.md, section 8, has the correlation on the wire.
/// </summary>
/// <typeparam name="TResponse">The contract answering this request.</typeparam>
public interface IRequest<TResponse>
    where TResponse : IDatagram<TResponse>
{
    // The generator implements it explicitly so that code holding an IRequest<TResponse> reaches the request's own
    // serializer (static members of its contract) without reflection; users never call it.
    /// <summary>Called by generated code; not for use in your code. Calls <paramref name="visitor"/> with this request as its contract type.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    TResult Accept<TResult>(IRequestVisitor<TResponse, TResult> visitor);
}

using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>A request waiting for its response: the requester completes it from the receive loop.</summary>
internal abstract class PendingRequest
{
    /// <summary>What became of a response offered to a request.</summary>
    public enum Outcome
    {
        /// <summary>It completed the request.</summary>
        Completed,

        /// <summary>The request had its response already (a second copy): the response is unmatched.</summary>
        AlreadyCompleted,

        /// <summary>It is not the request's response (malformed, another contract, no valid tag): reported as malformed, or dropped.</summary>
        Rejected,
    }

    /// <summary>
    /// Reads <paramref name="datagram"/> (a response with this request's correlation id, the correlation element
    /// removed) as the response and completes the request; a datagram that is not one is reported (malformed) or
    /// dropped (an authenticated contract without a valid tag), and the request keeps waiting.
    /// </summary>
    public abstract Outcome TryComplete(ReadOnlyMemory<byte> datagram, bool authenticated, RemoteInfo from, IDatagramTransport transport);

    /// <summary>Fails the request (the transport closed).</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A request whose response is a <typeparamref name="TResponse"/>.</summary>
internal sealed class PendingRequest<TResponse>(DatagramReaderLimits limits) : PendingRequest
    where TResponse : IDatagram<TResponse>
{
    private readonly TaskCompletionSource<TResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResponse> Response => _response.Task;

    public override Outcome TryComplete(ReadOnlyMemory<byte> datagram, bool authenticated, RemoteInfo from, IDatagramTransport transport)
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(limits, datagram) { Authenticated = authenticated };
        if (!DatagramEnvelope.TryRead(ref reader, ref context, out TResponse response, out var typeId))
        {
            if (context.Failure != MalformedDatagramReason.Unauthenticated)
            {
                MessagingTelemetry.Malformed();
                transport.ReportError(context.ToException(typeId == 0 ? null : typeId, from));
            }

            return Outcome.Rejected;
        }

        return _response.TrySetResult(response) ? Outcome.Completed : Outcome.AlreadyCompleted;
    }

    public override void Fail(Exception error) => _response.TrySetException(error);
}

using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>A request waiting for its response: the requester completes it from the receive loop.</summary>
internal abstract class PendingRequest
{
    /// <summary>
    /// Reads <paramref name="datagram"/> (a response with this request's correlation id, the correlation element
    /// removed) as the response and completes the request; false, with the reason reported, when it is not one.
    /// </summary>
    public abstract bool TryComplete(ReadOnlyMemory<byte> datagram, bool authenticated, RemoteInfo from, IDatagramTransport transport);

    /// <summary>Fails the request (the transport closed).</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A request whose response is a <typeparamref name="TResponse"/>.</summary>
internal sealed class PendingRequest<TResponse>(DatagramReaderLimits limits) : PendingRequest
    where TResponse : IDatagram<TResponse>
{
    private readonly TaskCompletionSource<TResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResponse> Response => _response.Task;

    public override bool TryComplete(ReadOnlyMemory<byte> datagram, bool authenticated, RemoteInfo from, IDatagramTransport transport)
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

            return false;
        }

        return _response.TrySetResult(response);
    }

    public override void Fail(Exception error) => _response.TrySetException(error);
}

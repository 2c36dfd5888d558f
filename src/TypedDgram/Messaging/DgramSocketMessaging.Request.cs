using System.Diagnostics;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

public static partial class DgramSocketMessaging
{
    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="port"/> at <paramref name="address"/> (null: loopback) with a
    /// new correlation id and completes with the response its handler returns. Without a response in time it sends the
    /// request again with the same id, as <paramref name="options"/> says (1 s, then 2 s, then 4 s by default), and
    /// then throws <see cref="RequestTimeoutException"/>; <paramref name="cancellationToken"/> ends the wait with
    /// <see cref="OperationCanceledException"/>. Send errors are the raw <c>SendAsync</c>'s (ERR_SOCKET_BAD_PORT,
    /// EMSGSIZE, ...); a close while waiting throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>. The socket must be able to
    /// receive: an unbound socket is bound by the first send, as Node binds it.
    /// </summary>
    /// <typeparam name="TResponse">The response contract the request declares with <see cref="IRequest{TResponse}"/>.</typeparam>
    public static Task<TResponse> RequestAsync<TResponse>(
        this DgramSocket socket,
        IRequest<TResponse> request,
        int port,
        string? address = null,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResponse : IDatagram<TResponse>
        => Request(socket, request, new TransportDestination(port, address), options, cancellationToken);

    /// <summary>
    /// <see cref="RequestAsync{TResponse}(DgramSocket, IRequest{TResponse}, int, string?, RequestOptions?, CancellationToken)"/>
    /// with a first wait of <paramref name="timeout"/> and <paramref name="retries"/> retries, each waiting twice as long as the one before.
    /// </summary>
    public static Task<TResponse> RequestAsync<TResponse>(
        this DgramSocket socket,
        IRequest<TResponse> request,
        int port,
        string? address,
        TimeSpan timeout,
        int retries = 2,
        CancellationToken cancellationToken = default)
        where TResponse : IDatagram<TResponse>
        => Request(socket, request, new TransportDestination(port, address), new RequestOptions { Timeout = timeout, Retries = retries }, cancellationToken);

    /// <summary>Sends <paramref name="request"/> to the connected peer and completes with its response; see the other overloads (ERR_SOCKET_DGRAM_NOT_CONNECTED when not connected).</summary>
    public static Task<TResponse> RequestAsync<TResponse>(
        this DgramSocket socket,
        IRequest<TResponse> request,
        RequestOptions? options = null,
        CancellationToken cancellationToken = default)
        where TResponse : IDatagram<TResponse>
        => Request(socket, request, TransportDestination.ConnectedPeer, options, cancellationToken);

    private static Task<TResponse> Request<TResponse>(DgramSocket socket, IRequest<TResponse> request, TransportDestination destination, RequestOptions? options, CancellationToken cancellationToken)
        where TResponse : IDatagram<TResponse>
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(request);
        options ??= RequestOptions.Default;
        options.Validate();
        socket.Transport.ThrowIfClosed();
        return request.Accept(new RequestSender<TResponse>(socket.Transport, destination, options, cancellationToken));
    }

    // The request as its own contract type (IRequest<TResponse>.Accept, implemented by the generator), so that it is
    // serialized by its generated members with no reflection.
    private sealed class RequestSender<TResponse>(IDatagramTransport transport, TransportDestination destination, RequestOptions options, CancellationToken cancellationToken)
        : IRequestVisitor<TResponse, Task<TResponse>>
        where TResponse : IDatagram<TResponse>
    {
        public Task<TResponse> Visit<TRequest>(TRequest request)
            where TRequest : IDatagram<TRequest>, IRequest<TResponse>
            => RunAsync<TRequest, TResponse>(transport, request, destination, options, cancellationToken);
    }

    private static async Task<TResponse> RunAsync<TRequest, TResponse>(IDatagramTransport transport, TRequest request, TransportDestination destination, RequestOptions options, CancellationToken cancellationToken)
        where TRequest : IDatagram<TRequest>, IRequest<TResponse>
        where TResponse : IDatagram<TResponse>
    {
        var requester = MessagingState.Of(transport).RequesterFor(transport);
        var id = requester.NextId();
        var pending = new PendingRequest<TResponse>(options.Limits ?? DatagramReaderLimits.Default);
        requester.Add(id, pending);
        var started = Stopwatch.GetTimestamp();
        using var activity = MessagingTelemetry.StartRequest<TRequest>(destination, id);
        var attempt = 0;
        try
        {
            while (true)
            {
                attempt++;
                if (attempt > 1)
                {
                    MessagingTelemetry.Retried<TRequest>();
                }

                await SendRequestAsync(transport, request, id, destination, cancellationToken).ConfigureAwait(false);
                try
                {
                    var response = await pending.Response.WaitAsync(options.WaitFor(attempt), cancellationToken).ConfigureAwait(false);
                    MessagingTelemetry.RequestEnded<TRequest>(activity, "answered", attempt, started, null);
                    return response;
                }
                catch (TimeoutException) when (attempt <= options.Retries)
                {
                    // Lost on the way there or back: the same id again, which the server answers from its cache if it ran it.
                }
                catch (TimeoutException)
                {
                    var timeout = new RequestTimeoutException(typeof(TRequest).FullName ?? typeof(TRequest).Name, id, attempt, Stopwatch.GetElapsedTime(started), Describe(destination));
                    MessagingTelemetry.RequestEnded<TRequest>(activity, "timeout", attempt, started, timeout);
                    throw timeout;
                }
            }
        }
        catch (OperationCanceledException error) when (cancellationToken.IsCancellationRequested)
        {
            MessagingTelemetry.RequestEnded<TRequest>(activity, "cancelled", attempt, started, error);
            throw;
        }
        catch (Exception error) when (error is not RequestTimeoutException)
        {
            MessagingTelemetry.RequestEnded<TRequest>(activity, "failed", attempt, started, error);
            throw;
        }
        finally
        {
            requester.Remove(id);
        }
    }

    private static async ValueTask SendRequestAsync<TRequest>(IDatagramTransport transport, TRequest request, ulong id, TransportDestination destination, CancellationToken cancellationToken)
        where TRequest : IDatagram<TRequest>
    {
        using var activity = MessagingTelemetry.Sending<TRequest>(destination.Port, destination.Address);
        try
        {
            var buffer = PooledEnvelope.Serialize(request, new Correlation(CorrelationKind.Request, id), out var length);
            if (TRequest.Authenticated)
            {
                buffer = DatagramAuthenticator.Append(transport, buffer, ref length);
            }

            await transport.SendAsync(buffer, length, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            MessagingTelemetry.Failed(activity, error);
            throw;
        }
    }

    private static string? Describe(TransportDestination destination) =>
        destination.Port is int port ? (destination.Address ?? "localhost") + ":" + port.ToString(CultureInfo.InvariantCulture) : null;
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

public static partial class DgramSocketMessaging
{
    /// <summary>
    /// The datagrams of contract <typeparamref name="T"/> the socket receives once the enumeration has started (its
    /// first <c>MoveNextAsync</c>, like any async iterator: start it before sending a request whose answer you await),
    /// with their senders, until
    /// <paramref name="cancellationToken"/> is cancelled (the enumeration then throws <see cref="OperationCanceledException"/>)
    /// or the socket closes (it then ends). Datagrams of other contracts are left to other receivers; a malformed one of
    /// <typeparamref name="T"/>, or one that is not a datagram envelope at all, raises the socket's <c>Error</c> with a
    /// <see cref="MalformedDatagramException"/> (once per stream).
    /// A <c>[Datagram(Authenticated = true)]</c> contract is yielded only with a valid HMAC under the socket's
    /// key (<see cref="UseAuthenticationKey"/>) and not a replay; others are dropped without raising <c>Error</c> and counted on the
    /// <c>typeddgram.datagrams.dropped</c> meter with the reason <c>unauthenticated</c> or <c>replayed</c>.
    /// Up to <paramref name="capacity"/> datagrams, and up to 16 MiB of what decoding them allocated (the reader's
    /// estimate), wait for a slow consumer; beyond either new ones are dropped, as a full socket buffer drops them. On a socket already closed, the first <c>MoveNextAsync</c> throws
    /// <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>, as every operation on a closed socket does.
    /// </summary>
    public static async IAsyncEnumerable<(T Message, RemoteInfo From)> ReceiveAsync<T>(
        this DgramSocket socket,
        [EnumeratorCancellation] CancellationToken cancellationToken = default,
        int capacity = 1024,
        DatagramReaderLimits? limits = null)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var held = new HeldBytes();
        var channel = Channel.CreateBounded<Received<T>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
            SingleWriter = true,
        }, dropped =>
        {
            held.Release(dropped.Cost);
            MessagingTelemetry.StreamDropped<T>();
        });
        var readerLimits = limits ?? DatagramReaderLimits.Default;
        var windows = ReplayWindows.ForNewReceiver(socket.Transport);
        var transport = socket.Transport;
        RawDatagramHandler receiver = (datagram, from) => ReceiveOne(transport, channel.Writer, held, readerLimits, windows, datagram, from);
        Action closed = () => channel.Writer.TryComplete();
        transport.OnClosedOrThrow(closed);

        transport.AddReceiver(receiver);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                held.Release(item.Cost);
                yield return (item.Message, item.From);
            }
        }
        finally
        {
            transport.RemoveReceiver(receiver);
            transport.RemoveOnClosed(closed);
        }
    }

    /// <summary>A decoded datagram waiting in a stream, with the estimated bytes it holds.</summary>
    private readonly record struct Received<T>(T Message, RemoteInfo From, long Cost);

    private static void ReceiveOne<T>(IDatagramTransport transport, ChannelWriter<Received<T>> writer, HeldBytes held, DatagramReaderLimits limits, ReplayWindows windows, ReadOnlySpan<byte> datagram, RemoteInfo from)
        where T : IDatagram<T>
    {
        var bytes = ReceiveScratch.Copy(datagram);
        var verdict = DatagramAuthenticator.Verify(transport, windows, ref bytes);
        if (verdict == DatagramAuthenticator.Verdict.Replayed)
        {
            // Counted only by the streams of its contract, as a datagram each stream reads is.
            if (MessagingTelemetry.TypeIdForDrop(bytes, limits) == T.TypeId)
            {
                MessagingTelemetry.Rejected(T.TypeId, replayed: true);
            }

            return;
        }

        if (DatagramCorrelation.MayEndWithCorrelation(bytes.Span, CorrelationKind.Response)
            && DatagramCorrelation.TryStrip(ref bytes, limits, out _))
        {
            // A response belongs to the request waiting for it, not to a stream (a request is read as its contract).
            return;
        }

        var reader = new MessagePackReader(bytes);
        var context = new DatagramReadContext(limits, bytes) { Authenticated = verdict == DatagramAuthenticator.Verdict.Authenticated };
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount))
        {
            MessagingTelemetry.Malformed();
            transport.ReportError(context.ToException(sender: from));
            return;
        }

        if (typeId != T.TypeId)
        {
            // Another contract: left to the other receivers on this socket.
            return;
        }

        if (DatagramEnvelope.TryReadBody(ref reader, memberCount, ref context, out T message))
        {
            MessagingTelemetry.StreamReceived<T>();
            // The estimate of what decoding allocated, and the datagram: at least something per item.
            long cost = context.Allocated + datagram.Length;
            if (!held.TryTake(cost))
            {
                MessagingTelemetry.StreamDropped<T>();
                return;
            }

            if (!writer.TryWrite(new Received<T>(message, from, cost)))
            {
                held.Release(cost);   // the stream has ended
            }
        }
        else if (context.Failure == MalformedDatagramReason.Unauthenticated)
        {
            // Not reported to Error: anyone can send these, and each would cost the application an error event.
            MessagingTelemetry.Rejected(typeId, replayed: false);
        }
        else
        {
            MessagingTelemetry.Malformed();
            transport.ReportError(context.ToException(typeId, from, typeof(T)));
        }
    }
}

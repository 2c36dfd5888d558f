using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.Fuzz.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Fuzz;

/// <summary>
/// The authenticated unicast path with a known key: each input is taken as an envelope and signed (sender id, sequence,
/// HMAC-SHA256) as a socket with the key would send it, so that mutations reach the reader behind the MAC instead of
/// all stopping at the tag. The signed datagram goes through an attachment's receive path (verify, replay window,
/// correlation, authenticated read, dispatch); then the same bytes again, which must be refused as a replay; then with
/// the tag changed, which must never dispatch an authenticated contract.
/// </summary>
public static class AuthenticatedTarget
{
    private static readonly byte[] Key = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 9, 0);

    /// <summary>Signed inputs an attachment dispatched as a <see cref="Secret"/>: the authenticated read was reached and passed.</summary>
    public static long SecretsDispatched { get; private set; }

    /// <summary>Runs one input on a fresh receiver; throws <see cref="FuzzFailure"/> on a broken promise.</summary>
    public static void Run(byte[] envelope)
    {
        var transport = new InMemoryTransport();
        MessagingState.Of(transport).TrySetAuthenticator(new DatagramAuthenticator(Key));
        var handlers = new FuzzHandlers();
        var attachment = new DatagramAttachment(transport, handlers, DatagramReaderLimits.Default, queueCapacity: null, QueueFullMode.DropOldest);
        try
        {
            var signed = Sign(transport, envelope);
            Dispatch(attachment, signed);
            long secrets = handlers.Secrets;
            SecretsDispatched += secrets;
            long refused = attachment.Unauthenticated;

            Dispatch(attachment, signed);
            if (envelope.Length > 0)
            {
                Check(attachment.Unauthenticated == refused + 1, "the same signed datagram again was not refused as a replay");
            }

            Check(handlers.Secrets == secrets, "a replayed Secret was dispatched");

            signed[^1] ^= 0x01;
            Dispatch(attachment, signed);
            Check(handlers.Secrets == secrets, "a Secret with a changed tag was dispatched");
        }
        finally
        {
            attachment.Dispose();
        }
    }

    private static byte[] Sign(InMemoryTransport transport, byte[] envelope)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(envelope.Length, 1));
        envelope.CopyTo(buffer, 0);
        int length = envelope.Length;
        buffer = DatagramAuthenticator.Append(transport, buffer, ref length);
        var signed = buffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return signed;
    }

    private static void Dispatch(DatagramAttachment attachment, byte[] datagram)
    {
        var pending = attachment.DispatchAsync(datagram, From);
        if (!pending.IsCompleted)
        {
            throw new FuzzFailure("a fuzz handler did not complete at once");
        }

        pending.GetAwaiter().GetResult();
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzFailure(message);
        }
    }
}

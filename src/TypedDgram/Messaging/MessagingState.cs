using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// What typed messaging keeps with one transport for its lifetime, in its <see cref="IDatagramTransport.LayerState"/>:
/// the authentication key (set once by <see cref="DgramSocketMessaging.UseAuthenticationKey"/>) and the requester that
/// matches responses to <c>RequestAsync</c> calls (made by the first request).
/// </summary>
internal sealed class MessagingState
{
    private readonly object _gate = new();
    private DatagramAuthenticator? _authenticator;
    private Requester? _requester;

    /// <summary>The state of <paramref name="transport"/>, created on first use.</summary>
    public static MessagingState Of(IDatagramTransport transport)
    {
        if (transport.LayerState is MessagingState state)
        {
            return state;
        }

        transport.TrySetLayerState(new MessagingState());
        return (MessagingState)transport.LayerState!;
    }

    /// <summary>The state of <paramref name="transport"/>, or null when typed messaging has not kept any yet.</summary>
    public static MessagingState? Find(IDatagramTransport transport) => transport.LayerState as MessagingState;

    /// <summary>The socket's authentication, or null without a key.</summary>
    public DatagramAuthenticator? Authenticator => Volatile.Read(ref _authenticator);

    /// <summary>The requester, or null before the transport's first request.</summary>
    public Requester? Requester => Volatile.Read(ref _requester);

    /// <summary>Sets the key's authenticator; false when one was set before.</summary>
    public bool TrySetAuthenticator(DatagramAuthenticator authenticator) =>
        Interlocked.CompareExchange(ref _authenticator, authenticator, null) is null;

    /// <summary>The transport's requester, created (and its receiver added) by the first request.</summary>
    public Requester RequesterFor(IDatagramTransport transport)
    {
        if (Requester is { } existing)
        {
            return existing;
        }

        lock (_gate)
        {
            return _requester ??= new Requester(transport);
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// Associates the socket with a remote peer (Node's <c>connect</c>): sends without a destination go there, and only
    /// its datagrams are received. An unbound socket binds first. <see cref="Connected"/> and <paramref name="callback"/>
    /// follow; a failure goes to the callback, else to <see cref="Error"/>. Throws <c>ERR_SOCKET_BAD_PORT</c>,
    /// <c>ERR_SOCKET_DGRAM_IS_CONNECTED</c> (also while a connect is pending) or <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>.
    /// </summary>
    /// <param name="port">The peer's port, 1..65535.</param>
    /// <param name="address">The peer's host name or address; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="callback">Called with null once connected, or with the error.</param>
    public void Connect(int port, string? address = null, Action<DgramException?>? callback = null) =>
        ConnectCore(port, address, callback is null ? null : new Completion(callback, takesErrors: true, completesOnClose: false));

    /// <summary>Connects to <paramref name="port"/> on the loopback address; see <see cref="Connect(int, string?, Action{DgramException?}?)"/>.</summary>
    /// <param name="port">The peer's port, 1..65535.</param>
    /// <param name="callback">Called with null once connected, or with the error.</param>
    public void Connect(int port, Action<DgramException?>? callback) => Connect(port, null, callback);

    /// <summary>
    /// Connects and completes once connected; a failure faults the task instead of raising <see cref="Error"/>, as
    /// does closing the socket meanwhile. Throws like <see cref="Connect(int, string?, Action{DgramException?}?)"/>.
    /// Cancelling the token stops the waiting, not the connect.
    /// </summary>
    /// <param name="port">The peer's port, 1..65535.</param>
    /// <param name="address">The peer's host name or address; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task ConnectAsync(int port, string? address = null, CancellationToken cancellationToken = default)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ConnectCore(port, address, Completion.ForTask(connected));
        return connected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Dissolves the association made by <c>Connect</c> (Node's <c>disconnect</c>); the socket stays bound. Throws
    /// <c>ERR_SOCKET_DGRAM_NOT_CONNECTED</c> when not connected and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public void Disconnect()
    {
        lock (_gate)
        {
            ISocketEngine engine = HealthCheck();
            if (_connectState != ConnectState.Connected)
            {
                throw DgramErrors.NotConnected();
            }
            SocketError error;
            try
            {
                error = engine.Disconnect(_localEndPoint!);
            }
            catch (SocketException exception)
            {
                // The port could not be kept (see OsSocketEngine.Disconnect).
                throw SystemErrors.From(exception, "bind", _localEndPoint!.Address.ToString(), _localEndPoint.Port);
            }
            if (error != SocketError.Success)
            {
                throw SystemErrors.Create(SystemErrors.CodeOf(error), "connect");
            }
            _connectState = ConnectState.Disconnected;
            _peer = null;
            _peerAddress = null;
        }
    }

    /// <summary>
    /// The connected peer's address, family and port (Node's <c>remoteAddress</c>). Throws
    /// <c>ERR_SOCKET_DGRAM_NOT_CONNECTED</c> when not connected and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public AddressInfo RemoteAddress()
    {
        lock (_gate)
        {
            HealthCheck();
            return _connectState == ConnectState.Connected && _peer is not null ? ToAddressInfo(_peer) : throw DgramErrors.NotConnected();
        }
    }

    /// <summary>
    /// The bound address, family and port (Node's <c>address</c>). Throws <c>EBADF</c> before the socket is bound and
    /// <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public AddressInfo Address()
    {
        lock (_gate)
        {
            BoundEngine("getsockname");
            return ToAddressInfo(_localEndPoint!);
        }
    }

    private void ConnectCore(int port, string? address, Completion? completion)
    {
        Arguments.ValidatePort(port, allowZero: false);
        bool bind;
        bool connectNow = false;
        lock (_gate)
        {
            if (_connectState != ConnectState.Disconnected)
            {
                throw DgramErrors.IsConnected();
            }
            HealthCheck();
            _connectState = ConnectState.Connecting;
            _connectCompletion = completion;
            bind = BeginImplicitBindLocked();
            if (_bindState != BindState.Bound)
            {
                // Node's enqueue(): the connect runs once the (implicit) bind is done.
                _pendingConnect = new PendingConnect(port, address);
            }
            else
            {
                connectNow = true;
            }
        }
        if (bind)
        {
            StartImplicitBind();
        }
        if (connectNow)
        {
            _ = ConnectAfterLookupAsync(port, address);
        }
    }

    private void ConnectAfterBind()
    {
        PendingConnect? pending;
        lock (_gate)
        {
            pending = _pendingConnect;
            _pendingConnect = null;
        }
        if (pending is not null)
        {
            _ = ConnectAfterLookupAsync(pending.Port, pending.Address);
        }
    }

    private async Task ConnectAfterLookupAsync(int port, string? address)
    {
        string host = _resolver.HostOrLoopback(address);
        DgramException? error = null;
        IPEndPoint? peer = null;
        try
        {
            IPAddress resolved = await _resolver.ResolveAsync(host).ConfigureAwait(false);
            peer = _resolver.ToEndPoint(resolved, port, "connect", host);
        }
        catch (DgramException exception)
        {
            error = exception;
        }

        Completion? completion;
        ISocketEngine? engine;
        lock (_gate)
        {
            engine = _engine;
            if (engine is null)
            {
                return;
            }
            if (error is null)
            {
                SocketError result = engine.Connect(peer!);
                if (result != SocketError.Success)
                {
                    error = SystemErrors.Create(SystemErrors.CodeOf(result), "connect", host, port);
                }
            }
            if (error is null)
            {
                _connectState = ConnectState.Connected;
                _peer = peer;
                _peerAddress = peer!.Serialize();
            }
            else
            {
                _connectState = ConnectState.Disconnected;
            }
            completion = _connectCompletion;
            _connectCompletion = null;
        }
        _events.Post(() =>
        {
            if (Volatile.Read(ref _engine) != engine)
            {
                CompleteOnClose(completion);
            }
            else if (error is null)
            {
                Connected?.Invoke();
                completion?.Complete(null);
            }
            else if (completion is not null)
            {
                completion.Complete(error);
            }
            else
            {
                RaiseError(error);
            }
        });
    }

    private SocketAddress ConnectedPeerAddress()
    {
        lock (_gate)
        {
            return _peerAddress ?? throw SystemErrors.Create("EDESTADDRREQ", "send");
        }
    }

    private sealed record PendingConnect(int Port, string? Address);
}

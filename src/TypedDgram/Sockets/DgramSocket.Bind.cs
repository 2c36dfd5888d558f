using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// Binds the socket to <paramref name="port"/> (0: a free port) on <paramref name="address"/> (null: all interfaces)
    /// and starts receiving; <see cref="Listening"/> then <paramref name="callback"/> follow. Throws
    /// <c>ERR_SOCKET_ALREADY_BOUND</c>, <c>ERR_SOCKET_BAD_PORT</c> or <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>; a failed bind
    /// (<c>EADDRINUSE</c>, <c>EADDRNOTAVAIL</c>, a lookup error) is raised on <see cref="Error"/> and the callback is not called.
    /// </summary>
    /// <param name="port">The port, 0..65535.</param>
    /// <param name="address">The local address or host name; null or empty for <c>0.0.0.0</c> / <c>::</c>.</param>
    /// <param name="callback">Called once the socket is listening.</param>
    /// <returns>This socket.</returns>
    public DgramSocket Bind(int port = 0, string? address = null, Action? callback = null)
    {
        BindCore(port, address, exclusive: false, SuccessOnly(callback));
        return this;
    }

    /// <summary>Binds to <paramref name="port"/> on all interfaces; see <see cref="Bind(int, string?, Action?)"/>.</summary>
    /// <param name="port">The port, 0..65535.</param>
    /// <param name="callback">Called once the socket is listening.</param>
    /// <returns>This socket.</returns>
    public DgramSocket Bind(int port, Action? callback) => Bind(port, null, callback);

    /// <summary>Binds to a free port on all interfaces; see <see cref="Bind(int, string?, Action?)"/>.</summary>
    /// <param name="callback">Called once the socket is listening.</param>
    /// <returns>This socket.</returns>
    public DgramSocket Bind(Action? callback) => Bind(0, null, callback);

    /// <summary>Binds with options (Node's <c>bind(options[, callback])</c>); see <see cref="Bind(int, string?, Action?)"/>.</summary>
    /// <param name="options">Port, address and whether the port may be shared.</param>
    /// <param name="callback">Called once the socket is listening.</param>
    /// <returns>This socket.</returns>
    public DgramSocket Bind(BindOptions options, Action? callback = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        BindCore(options.Port, options.Address, options.Exclusive, SuccessOnly(callback));
        return this;
    }

    /// <summary>
    /// Binds and completes once listening; a failed bind faults the task (instead of raising <see cref="Error"/>), as
    /// does closing the socket meanwhile (<c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>). Throws like <see cref="Bind(int, string?, Action?)"/>.
    /// Cancelling the token stops the waiting, not the bind.
    /// </summary>
    /// <param name="port">The port, 0..65535.</param>
    /// <param name="address">The local address or host name; null or empty for all interfaces.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task BindAsync(int port = 0, string? address = null, CancellationToken cancellationToken = default) =>
        BindAsync(new BindOptions { Port = port, Address = address }, cancellationToken);

    /// <summary>Binds with options and completes once listening; see <see cref="BindAsync(int, string?, CancellationToken)"/>.</summary>
    /// <param name="options">Port, address and whether the port may be shared.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task BindAsync(BindOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        BindCore(options.Port, options.Address, options.Exclusive, Completion.ForTask(listening));
        return listening.Task.WaitAsync(cancellationToken);
    }

    private static Completion? SuccessOnly(Action? callback) =>
        callback is null ? null : new Completion(error =>
        {
            if (error is null)
            {
                callback();
            }
        }, takesErrors: false, completesOnClose: false);

    private void BindCore(int port, string? address, bool exclusive, Completion? completion)
    {
        lock (_gate)
        {
            HealthCheck();
            if (_bindState != BindState.Unbound)
            {
                throw DgramErrors.AlreadyBound();
            }
            Arguments.ValidatePort(port, allowZero: true);
            BeginBindLocked(completion);
        }
        _ = BindAfterLookupAsync(string.IsNullOrEmpty(address) ? _resolver.AnyAddress : address, port, exclusive, implicitBind: false);
    }

    /// <summary>
    /// Node's implicit bind (<c>bind({ port: 0 })</c>) for send, connect and membership on an unbound socket. Call under
    /// the lock; returns whether the caller must start it (with <see cref="StartImplicitBind"/>) after releasing the lock.
    /// </summary>
    private bool BeginImplicitBindLocked()
    {
        if (_bindState != BindState.Unbound)
        {
            return false;
        }
        BeginBindLocked(null);
        return true;
    }

    private void StartImplicitBind() => _ = BindAfterLookupAsync(_resolver.AnyAddress, 0, exclusive: false, implicitBind: true);

    private void BeginBindLocked(Completion? completion)
    {
        _bindState = BindState.Binding;
        _bindCompletion = completion;
        UpdateKeepAlive();
    }

    private async Task BindAfterLookupAsync(string host, int port, bool exclusive, bool implicitBind)
    {
        IPAddress address;
        try
        {
            address = await _resolver.ResolveAsync(host).ConfigureAwait(false);
        }
        catch (DgramException error)
        {
            FailBind(error, implicitBind);
            return;
        }

        ISocketEngine? engine;
        DgramException? failure = null;
        Completion? completion = null;
        ReceiveLoop? receiveLoop = null;
        lock (_gate)
        {
            engine = _engine;
            if (engine is null)
            {
                // Closed while looking up: Node drops the bind silently (no error, no callback).
                return;
            }
            IPEndPoint? bound = null;
            try
            {
                bound = engine.Bind(_resolver.ToEndPoint(address, port, "bind", address.ToString()), _options.ReuseAddr && !exclusive, _options.ReusePort && !exclusive);
            }
            catch (SocketException exception)
            {
                failure = SystemErrors.From(exception, "bind", address.ToString(), port);
            }
            catch (DgramException exception)
            {
                failure = exception;
            }
            if (failure is null)
            {
                _localEndPoint = bound;
                _bindState = BindState.Bound;
                // Created under the lock, so that a Close from now on stops it even before it starts.
                receiveLoop = _receiveLoop = engine.CreateReceiveLoop(Deliver, ReportError, _batching, _simulateMissingBatchCalls);
                completion = _bindCompletion;
                _bindCompletion = null;
            }
        }
        if (failure is not null)
        {
            FailBind(failure, implicitBind);
            return;
        }
        StartListening(engine, receiveLoop!, completion);
    }

    /// <summary>Node's <c>startListening</c>: buffer sizes from the options, the receive loop, then <see cref="Listening"/> and whatever waited for the bind.</summary>
    private void StartListening(ISocketEngine engine, ReceiveLoop receiveLoop, Completion? completion)
    {
        ApplyBufferSizeOption(engine, _options.RecvBufferSize, receive: true);
        ApplyBufferSizeOption(engine, _options.SendBufferSize, receive: false);
        receiveLoop.Start();
        _events.Post(() =>
        {
            // Closed in between: Node never emits 'listening' after 'close'; only a waiting task must still hear.
            if (Volatile.Read(ref _engine) != engine)
            {
                CompleteOnClose(completion);
                return;
            }
            Listening?.Invoke();
            completion?.Complete(null);
        });
        ConnectAfterBind();
        StartDrainIfIdle();
    }

    private void ApplyBufferSizeOption(ISocketEngine engine, int? size, bool receive)
    {
        if (size is not int value || value == 0)
        {
            return;
        }
        try
        {
            SetBufferSize(engine, value, receive);
        }
        catch (DgramException error)
        {
            ReportError(error);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: nothing left to size.
        }
    }

    /// <summary>
    /// A bind failed: back to unbound (a later bind may try again, and fail again, each time on <see cref="Error"/>).
    /// Whatever waited for the bind gets the error; for an implicit bind, <see cref="Error"/> too unless every waiting
    /// send and connect had its own callback or task.
    /// </summary>
    private void FailBind(DgramException error, bool implicitBind)
    {
        Completion? completion;
        List<SendRequest> sends;
        Completion? connect;
        bool connectPending;
        lock (_gate)
        {
            if (_engine is null)
            {
                return;
            }
            _bindState = BindState.Unbound;
            UpdateKeepAlive();
            completion = _bindCompletion;
            _bindCompletion = null;
            sends = _sendQueue.TakeAllLocked();
            connectPending = _pendingConnect is not null;
            connect = connectPending ? _connectCompletion : null;
            if (connectPending)
            {
                _pendingConnect = null;
                _connectCompletion = null;
                _connectState = ConnectState.Disconnected;
            }
        }
        bool everyoneHeard = (sends.Count > 0 || connectPending) && (!connectPending || connect is not null)
            && sends.TrueForAll(send => send.Callback is not null || send.IsAwaited);
        _sendQueue.FailAll(sends, error);
        if (connect is not null)
        {
            _events.Post(() => connect.Complete(error));
        }
        if (completion is { TakesErrors: true })
        {
            completion.Complete(error);
        }
        else if (!implicitBind || !everyoneHeard)
        {
            ReportError(error);
        }
    }
}

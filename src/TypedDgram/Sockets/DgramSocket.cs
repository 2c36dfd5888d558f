using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// A UDP socket with Node's <c>dgram.Socket</c> API (create one with <see cref="Dgram.CreateSocket(string, MessageHandler?)"/>).
/// Events other than <see cref="Message"/> and all callbacks run later on the thread pool, one at a time and in
/// order, never inside the call that caused them; <see cref="Message"/> runs on the socket's receive loop.
/// Subscribe to events before the call that raises them (for example <see cref="Listening"/> before <c>Bind</c>).
/// </summary>
/// <remarks>
/// This file holds the socket's state (every field) and the checks every method starts with (Node's <c>healthCheck</c>
/// and bind state); the operations are in <c>DgramSocket.*.cs</c> by area, in the order of Node's <c>lib/dgram.js</c>.
/// The work is done by engines of their own: <see cref="SendQueue"/> (Sending/), <see cref="ReceiveLoop"/>
/// (Receiving/) and, under them all, <see cref="ISocketEngine"/> (Engines/: the OS socket, or the test host's in-memory
/// one); docs/architecture.md draws the layers.
/// </remarks>
public sealed partial class DgramSocket : IDisposable, IAsyncDisposable, IDatagramTransport
{
    // Every field of the socket is declared here; the DgramSocket.*.cs files hold its operations by area.
    private readonly Lock _gate = new();
    private readonly SocketOptions _options;
    private readonly AddressFamily _family;
    private readonly AddressResolver _resolver;
    private readonly EventQueue _events;
    private readonly ErrorLane _errors;
    private readonly SendQueue _sendQueue;
    private readonly bool _batching;
    private readonly CancellationTokenRegistration _signalRegistration;

    // The engine (the OS socket, or the test host's in-memory one) exists from creation, so that options and
    // memberships can be set before bind; null once closed.
    private ISocketEngine? _engine;
    private bool _referenced = true;
    private bool _keepAliveHeld;

    // Bind: where the socket is bound (with the port the OS picked), and who waits for a bind in progress.
    private BindState _bindState;
    private IPEndPoint? _localEndPoint;
    private Completion? _bindCompletion;

    // Connect: the peer once connected, and a connect waiting for the (implicit) bind or in progress.
    private ConnectState _connectState;
    private IPEndPoint? _peer;
    private SocketAddress? _peerAddress;
    private PendingConnect? _pendingConnect;
    private Completion? _connectCompletion;

    // Receive: the loop (created at bind), and the layers above that see each datagram before Message.
    private ReceiveLoop? _receiveLoop;
    private RawDatagramHandler[] _rawReceivers = [];

    // What the layer above keeps with this socket (see IDatagramTransport.LayerState).
    private object? _layerState;

    // Test hook: behave as a kernel without sendmmsg and recvmmsg (see SimulateMissingBatchCalls).
    private volatile bool _simulateMissingBatchCalls;

    internal DgramSocket(SocketOptions options)
        : this(options, static (family, options) => new OsSocketEngine(family, options.Ipv6Only))
    {
    }

    /// <summary>A socket on the engine <paramref name="createEngine"/> makes (the test host's in-memory one); batching needs the OS engine.</summary>
    internal DgramSocket(SocketOptions options, Func<AddressFamily, SocketOptions, ISocketEngine> createEngine)
    {
        _family = Arguments.FamilyOf(options.Type);
        Arguments.ValidateBufferSize(options.RecvBufferSize);
        Arguments.ValidateBufferSize(options.SendBufferSize);
        _options = options;
        Type = options.Type;
        _resolver = new AddressResolver(_family, options.Lookup);
        _events = new EventQueue(RaiseError);
        _errors = new ErrorLane(RaiseError, ErrorsDropped);
        _engine = createEngine(_family, options);
        _batching = options.Batching && LinuxSyscalls.Available && _engine.BatchingSocket is not null;
        _sendQueue = new SendQueue(_gate, _engine, new SendDestinations(_resolver, ConnectedPeerAddress), _events, ReportError, _batching);
        if (options.Signal.IsCancellationRequested)
        {
            CloseCore(null, throwIfClosed: false);
        }
        else if (options.Signal.CanBeCanceled)
        {
            _signalRegistration = options.Signal.UnsafeRegister(static state => ((DgramSocket)state!).CloseCore(null, throwIfClosed: false), this);
        }
    }

    private enum BindState
    {
        Unbound,
        Binding,
        Bound,
    }

    private enum ConnectState
    {
        Disconnected,
        Connecting,
        Connected,
    }

    /// <summary>Emitted for each received datagram (Node's <c>'message'</c>), on the socket's receive loop. An exception thrown here goes to <see cref="Error"/>.</summary>
    public event MessageHandler? Message;

    /// <summary>Emitted once the socket is bound and receiving, explicitly by <c>Bind</c> or implicitly by the first <c>Send</c> (Node's <c>'listening'</c>).</summary>
    public event Action? Listening;

    /// <summary>Emitted once after <see cref="Close(Action?)"/>; no <see cref="Message"/> follows it (Node's <c>'close'</c>).</summary>
    public event Action? Closed;

    /// <summary>Emitted after a successful <see cref="Connect(int, string?, Action{DgramException?}?)"/> (Node's <c>'connect'</c>).</summary>
    public event Action? Connected;

    /// <summary>
    /// Emitted for every error not given to a callback or task (Node's <c>'error'</c>): a failed bind, a send
    /// without a callback, <c>ECONNREFUSED</c> on a connected socket, an exception thrown by a handler. Without a
    /// subscriber, <see cref="Dgram.UnhandledError"/> gets it.
    /// </summary>
    public event Action<Exception>? Error;

    /// <summary>The socket's type: <c>"udp4"</c> or <c>"udp6"</c>.</summary>
    public string Type { get; }

    /// <summary>The seam through which the layers above (Messaging, PubSub) use this socket; see <see cref="IDatagramTransport"/>.</summary>
    internal IDatagramTransport Transport => this;

    /// <summary>
    /// Raises <see cref="Error"/> (or <see cref="Dgram.UnhandledError"/>) later on the thread pool, as the socket does for
    /// its own errors; on the bounded <see cref="ErrorLane"/>, so a flood of errors neither grows without bound nor
    /// delays callbacks and <see cref="Closed"/>.
    /// </summary>
    private void ReportError(Exception error) => _errors.Post(error);

    private void ErrorsDropped(long count)
    {
        SocketTelemetry.ErrorsDropped(count);
        if (Error is null)
        {
            Dgram.OnUnhandledErrorsDropped(count);
        }
    }

    private void RaiseError(Exception error) => UserCallbacks.RaiseError(Error, error, this);

    /// <summary>Node's <c>healthCheck</c>: every operation on a closed socket throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>.</summary>
    private ISocketEngine HealthCheck() => Volatile.Read(ref _engine) ?? throw DgramErrors.NotRunning();

    /// <summary>The engine for an option that needs a bound socket; <c>EBADF</c> before bind (Node: no file descriptor yet).</summary>
    private ISocketEngine BoundEngine(string syscall)
    {
        lock (_gate)
        {
            ISocketEngine engine = HealthCheck();
            return _bindState == BindState.Bound ? engine : throw SystemErrors.BadFileDescriptor(syscall);
        }
    }

    /// <summary>Holds the process keep-alive while this socket is open, bound (or binding) and referenced. Call under the lock.</summary>
    private void UpdateKeepAlive()
    {
        bool hold = _engine is not null && _bindState != BindState.Unbound && _referenced;
        if (hold == _keepAliveHeld)
        {
            return;
        }
        _keepAliveHeld = hold;
        if (hold)
        {
            KeepAlive.Hold();
        }
        else
        {
            KeepAlive.Release();
        }
    }

    private static AddressInfo ToAddressInfo(IPEndPoint endpoint) =>
        new(endpoint.Address.ToString(), PeerCache.FamilyName(endpoint.AddressFamily), endpoint.Port);

    /// <summary>
    /// Who waits for a bind or connect to finish: a Node-style callback or a task. <paramref name="takesErrors"/>:
    /// failures go here instead of to <see cref="Error"/>; <paramref name="completesOnClose"/>: a close while pending
    /// completes it with <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> (tasks must finish; Node's callbacks are just never called).
    /// </summary>
    private sealed class Completion(Action<DgramException?> complete, bool takesErrors, bool completesOnClose)
    {
        public bool TakesErrors => takesErrors;

        public bool CompletesOnClose => completesOnClose;

        public void Complete(DgramException? error) => complete(error);

        public static Completion ForTask(TaskCompletionSource task) =>
            new(error =>
            {
                if (error is null)
                {
                    task.TrySetResult();
                }
                else
                {
                    task.TrySetException(error);
                }
            }, takesErrors: true, completesOnClose: true);
    }
}

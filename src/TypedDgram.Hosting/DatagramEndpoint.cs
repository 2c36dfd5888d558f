using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Hosting;

/// <summary>
/// A hosted UDP endpoint: on start it binds <see cref="Socket"/> as its <see cref="DatagramEndpointOptions"/> say and
/// attaches the generated dispatch of <typeparamref name="THandlers"/> (resolved from DI); on stop it detaches and closes
/// the socket. Socket errors and malformed datagrams are logged, never thrown. Added by
/// <see cref="DatagramEndpointServiceCollectionExtensions.AddDatagramEndpoint{THandlers}(IServiceCollection, Action{DatagramEndpointOptions})"/>;
/// handlers take it as a constructor parameter to reply through <see cref="Socket"/>.
/// </summary>
/// <typeparam name="THandlers">A partial class with [DatagramHandler] methods.</typeparam>
public sealed class DatagramEndpoint<THandlers> : IHostedService, IAsyncDisposable
    where THandlers : class, IDatagramHandlers
{
    private static readonly string HandlersName = typeof(THandlers).Name;

    private readonly IServiceProvider _services;
    private readonly DatagramEndpointOptions _options;
    private readonly ILogger _logger;
    private DatagramAttachment? _attachment;

    /// <summary>
    /// Creates the endpoint's socket (unbound) from the options named <see cref="OptionsName"/>, with the
    /// <see cref="DatagramSocketFactory"/> registered in DI if there is one (a test's in-memory socket).
    /// </summary>
    /// <param name="services">Resolves <typeparamref name="THandlers"/> when the endpoint starts, and the socket factory.</param>
    /// <param name="options">The endpoint options; the ones named <see cref="OptionsName"/> are used.</param>
    /// <param name="logger">Receives the endpoint's start, stop, error and malformed-datagram messages.</param>
    public DatagramEndpoint(IServiceProvider services, IOptionsMonitor<DatagramEndpointOptions> options, ILogger<DatagramEndpoint<THandlers>> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _services = services;
        _options = options.Get(OptionsName);
        _logger = logger;
        var createSocket = services.GetService<DatagramSocketFactory>() ?? (socketOptions => Dgram.CreateSocket(socketOptions));
        Socket = createSocket(new SocketOptions
        {
            Type = _options.Type,
            ReuseAddr = _options.ReuseAddr,
            RecvBufferSize = _options.RecvBufferSize,
            SendBufferSize = _options.SendBufferSize,
        });
        Socket.Error += OnError;
    }

    /// <summary>The name of this endpoint's <see cref="DatagramEndpointOptions"/>: the full name of <typeparamref name="THandlers"/>.</summary>
    public static string OptionsName { get; } = typeof(THandlers).FullName ?? typeof(THandlers).Name;

    /// <summary>The endpoint's socket: bound once the host has started, closed once it has stopped. Reply through it.</summary>
    public DgramSocket Socket { get; }

    /// <summary>The bound address and port (the port the OS chose when the options say 0). Throws <c>EBADF</c> before the host starts.</summary>
    public AddressInfo Address => Socket.Address();

    /// <summary>The dispatch attached to the socket, with its counters; null before the host starts.</summary>
    public DatagramAttachment? Attachment => _attachment;

    /// <summary>
    /// Attaches <typeparamref name="THandlers"/>, binds, then joins the multicast group if one is set. Throws the bind's
    /// <see cref="DgramException"/> (<c>EADDRINUSE</c>, <c>EADDRNOTAVAIL</c>, <c>ERR_SOCKET_BAD_PORT</c>, ...) so the host fails to start.
    /// </summary>
    /// <param name="cancellationToken">Abandons the bind.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var handlers = _services.GetRequiredService<THandlers>();
        var attachment = Socket.Attach(handlers);
        attachment.Unhandled += OnUnhandled;
        _attachment = attachment;
        await Socket.BindAsync(new BindOptions { Port = _options.Port, Address = BindAddress(_options) }, cancellationToken).ConfigureAwait(false);
        var bound = Socket.Address();
        EndpointLog.Listening(_logger, HandlersName, bound.Address, bound.Port);
        if (_options.MulticastGroup is { } group)
        {
            Socket.AddMembership(group, _options.MulticastInterface);
            EndpointLog.Joined(_logger, HandlersName, group, _options.MulticastInterface);
        }
    }

    /// <summary>Detaches the handlers and closes the socket, completing once it has closed.</summary>
    /// <param name="cancellationToken">Stops waiting for the close.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Closing first: DisposeAsync completes once the receive loop has ended, so the counts logged are final.
        await Socket.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);

        if (Interlocked.Exchange(ref _attachment, null) is { } attachment)
        {
            attachment.Dispose();
            EndpointLog.Stopped(_logger, HandlersName, attachment.Dispatched, attachment.UnhandledCount, attachment.Malformed, attachment.Unauthenticated);
        }
    }

    /// <summary>Closes the socket if the host did not stop the endpoint.</summary>
    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _attachment, null)?.Dispose();
        return Socket.DisposeAsync();
    }

    /// <summary>The configured address, or without one the loopback address of the socket's type: never every address by accident.</summary>
    private static string BindAddress(DatagramEndpointOptions options) =>
        !string.IsNullOrEmpty(options.Address) ? options.Address
        : options.Type == "udp6" ? "::1"
        : "127.0.0.1";

    private void OnError(Exception error)
    {
        if (error is MalformedDatagramException)
        {
            EndpointLog.Malformed(_logger, HandlersName, error);
        }
        else
        {
            EndpointLog.Error(_logger, HandlersName, error);
        }
    }

    private void OnUnhandled(uint typeId, RemoteInfo from) => EndpointLog.Unhandled(_logger, HandlersName, typeId, from.Address, from.Port);
}

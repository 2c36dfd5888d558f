using System.Globalization;
using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A multicast group's two sockets: one bound to the group's port that receives (several may share the port), one on an
/// ephemeral port that publishes from <see cref="MulticastOptions.Interface"/>. <see cref="MulticastBus"/> runs on it,
/// and so does a bridge that relays the group's publications elsewhere.
/// </summary>
internal sealed class MulticastLink : IBusLink
{
    private readonly MulticastOptions _options;
    private readonly DgramSocket _receiver;
    private readonly DgramSocket _sender;
    private readonly TransportDestination _destination;
    private readonly Action<Exception> _onSocketError;
    private int _disposed;

    private MulticastLink(MulticastOptions options, DgramSocket receiver, DgramSocket sender)
    {
        _options = options;
        _receiver = receiver;
        _sender = sender;
        Port = receiver.Address().Port;
        _destination = new TransportDestination(Port, options.Group);
        _onSocketError = error => Error?.Invoke(error);
        _receiver.Error += _onSocketError;
        _sender.Error += _onSocketError;
    }

    /// <inheritdoc/>
    public event Action<Exception>? Error;

    /// <summary>
    /// Whether the receiving socket is created with <see cref="SocketOptions.Batching"/>: on 64-bit Linux it then asks
    /// for UDP GRO, so a run of publications a batching publisher sent with GSO arrives in one slot of the
    /// <c>recvmmsg</c> every socket receives with, and is split there (elsewhere the option does nothing). On by default:
    /// measured with a publisher keeping 64 publications in flight, 0.002 <c>recvmmsg</c> per publication received
    /// instead of 0.064, and no cost measurable when the publisher sends one datagram at a time (docs/benchmarks.md,
    /// "Batched I/O under the bus"). A process-wide hook for the benchmarks' bus rows, which measure each socket's
    /// batching alone; nothing else changes it.
    /// </summary>
    internal static bool ReceiverBatching { get; set; } = true;

    /// <summary>
    /// Whether the publishing socket is created with <see cref="SocketOptions.Batching"/> (publications queued behind
    /// one another leave through <c>sendmmsg</c>/GSO, from a drain on the thread pool). Off by default: it cut the
    /// publisher's CPU per publication about 4x when 64 publications were in flight, but every lone publication then
    /// takes a thread hop, and <c>await PublishAsync</c> in a loop (one in flight, the path the bus is measured on)
    /// gained nothing from it. A measurement hook, as <see cref="ReceiverBatching"/>.
    /// </summary>
    internal static bool SenderBatching { get; set; }

    /// <summary>The port bound: <see cref="MulticastOptions.Port"/>, or the one the system picked when that was 0.</summary>
    public int Port { get; }

    /// <inheritdoc/>
    public IDatagramTransport Receiver => _receiver.Transport;

    /// <inheritdoc/>
    public IDatagramTransport Sender => _sender.Transport;

    /// <summary>
    /// Binds both sockets and joins <see cref="MulticastOptions.Group"/> on <see cref="MulticastOptions.Interface"/>
    /// (source-specific when <see cref="MulticastOptions.Source"/> is set). The options must have been validated
    /// (<see cref="MulticastBus.JoinAsync"/> says what is checked); <paramref name="family"/> is the group's.
    /// </summary>
    public static async Task<MulticastLink> OpenAsync(MulticastOptions options, AddressFamily family, CancellationToken cancellationToken)
    {
        var type = family == AddressFamily.InterNetwork ? "udp4" : "udp6";
        var receiver = Dgram.CreateSocket(new SocketOptions { Type = type, ReuseAddr = options.ReuseAddr, RecvBufferSize = options.RecvBufferSize, Batching = ReceiverBatching });
        var sender = Dgram.CreateSocket(new SocketOptions { Type = type, Batching = SenderBatching });
        try
        {
            // On Linux a socket bound to the group receives only that group's datagrams; bound to the wildcard it would
            // also get those of every other group any socket on the host joined on this port. Other systems refuse
            // binding a multicast address, and filter by membership instead.
            var bindAddress = OperatingSystem.IsLinux() ? options.Group : (type == "udp4" ? "0.0.0.0" : "::");
            await receiver.BindAsync(options.Port, bindAddress, cancellationToken).ConfigureAwait(false);
            await sender.BindAsync(0, type == "udp4" ? "0.0.0.0" : "::", cancellationToken).ConfigureAwait(false);

            var link = new MulticastLink(options, receiver, sender);
            link.JoinGroup();
            sender.SetMulticastInterface(options.Interface);
            sender.SetMulticastTTL(options.Ttl);
            sender.SetMulticastLoopback(options.Loopback);
            return link;
        }
        catch
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
            await sender.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public TransportDestination DestinationOf(uint typeId) => _destination;

    /// <inheritdoc/>
    public TransportDestination ControlDestination => _destination;

    /// <inheritdoc/>
    public void ReportUnhandledError(Exception error) => Dgram.OnUnhandledError(_receiver, error);

    /// <summary>Leaves the group and closes both sockets; calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            LeaveGroup();
        }
        catch (DgramException error)
        {
            // Closing the socket leaves the group anyway; the error is still worth seeing.
            Error?.Invoke(error);
        }

        await _receiver.DisposeAsync().ConfigureAwait(false);
        await _sender.DisposeAsync().ConfigureAwait(false);
        _receiver.Error -= _onSocketError;
        _sender.Error -= _onSocketError;
    }

    private void JoinGroup()
    {
        try
        {
            if (_options.Source is { } source)
            {
                _receiver.AddSourceSpecificMembership(source, _options.Group, _options.Interface);
            }
            else
            {
                _receiver.AddMembership(_options.Group, _options.Interface);
            }
        }
        catch (DgramException error)
        {
            throw new DgramException(error.Code, JoinFailure(error), error)
            {
                Syscall = error.Syscall,
                Address = error.Address,
                Port = error.Port,
            };
        }
    }

    private void LeaveGroup()
    {
        if (_options.Source is { } source)
        {
            _receiver.DropSourceSpecificMembership(source, _options.Group, _options.Interface);
        }
        else
        {
            _receiver.DropMembership(_options.Group, _options.Interface);
        }
    }

    // What the system's refusal usually means, so that the demo and logs can say what to check.
    private string JoinFailure(DgramException error)
    {
        var what = _options.Source is { } source
            ? $"the source-specific group {_options.Group} (source {source})"
            : $"the group {_options.Group}";
        var hint = error.Code switch
        {
            "EADDRNOTAVAIL" or "ENODEV" =>
                $"'{_options.Interface}' is not the address of an interface of this host (or, for IPv6, its scope names no interface). Check 'ip addr'.",
            "ENETUNREACH" =>
                "the interface has no multicast route: on Linux, IPv6 multicast does not work on 'lo', and an interface needs the MULTICAST flag ('ip link show').",
            "ENOBUFS" =>
                "the host's limit of memberships is reached (net.ipv4.igmp_max_memberships).",
            "EINVAL" =>
                "the address and interface do not fit together (family, or a source-specific group without a source).",
            _ => $"check that '{_options.Interface}' is the address of an interface of this host ('ip addr') and that the interface is up and can do multicast ('ip link': UP and MULTICAST).",
        };

        return string.Create(CultureInfo.InvariantCulture, $"Cannot join {what} on interface '{_options.Interface}' ({error.Message}): {hint}");
    }
}

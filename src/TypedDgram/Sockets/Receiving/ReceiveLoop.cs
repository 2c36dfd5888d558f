using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// A socket's receive loop (Node's <c>recvStart</c>): reads datagrams until the socket closes and hands each to the
/// socket's delivery (raw receivers, then <c>Message</c>), one at a time, on the loop. This class is the portable loop:
/// <c>ReceiveFromAsync</c> into a pooled buffer with one reused <see cref="SocketAddress"/>, so a datagram from a known
/// peer allocates nothing here. On 64-bit Linux, <see cref="PolledReceiveLoop"/> replaces it: the socket joins a
/// <see cref="ReceivePoller"/> shared with other sockets (see why there).
/// </summary>
/// <remarks>
/// Created when the socket is bound, started once it listens, and stopped by <c>Close</c> under the socket's lock
/// (<see cref="Stop"/>) before the OS socket is disposed (<see cref="Wake"/>): after <see cref="Stop"/>, nothing more is
/// delivered. Errors the OS reports on receive (<c>ECONNREFUSED</c> after ICMP port unreachable on a connected socket)
/// go to the socket's <c>Error</c> and the loop goes on.
/// </remarks>
internal class ReceiveLoop
{
    // Large enough for any UDP datagram over IPv4 or IPv6 (without jumbograms).
    private const int BufferSize = 65536;

    private readonly RawDatagramHandler _deliver;
    private readonly Socket? _socket;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;

    internal ReceiveLoop(Socket socket, RawDatagramHandler deliver, Action<Exception> reportError)
    {
        _socket = socket;
        _deliver = deliver;
        ReportError = reportError;
    }

    /// <summary>A loop with no OS socket under it (<see cref="InMemoryReceiveLoop"/>): it overrides <see cref="Run"/> and delivers with <see cref="Deliver(ReadOnlySpan{byte}, RemoteInfo)"/>.</summary>
    protected ReceiveLoop(RawDatagramHandler deliver, Action<Exception> reportError)
    {
        _deliver = deliver;
        ReportError = reportError;
    }

    /// <summary>Completes once the loop has ended after <see cref="Stop"/> (and the last handler has returned).</summary>
    public Task Completion => _ended.Task;

    /// <summary>True while the loop reads with <c>recvmmsg</c> in a <see cref="ReceivePoller"/> (<see cref="PolledReceiveLoop"/>), false on the portable loop.</summary>
    public virtual bool UsesRecvmmsg => false;

    protected Socket Socket => _socket ?? throw new InvalidOperationException("This receive loop has no OS socket.");

    protected Action<Exception> ReportError { get; }

    /// <summary>Whether <see cref="Stop"/> has been called: the loop ends and delivers nothing more.</summary>
    protected bool Stopped => _stopped;

    /// <summary>The loop for <paramref name="socket"/> (the constructor makes the portable one): in one of the shared receive pollers where the platform has them, else the portable loop.</summary>
    /// <param name="socket">The bound OS socket.</param>
    /// <param name="deliver">The socket's delivery of one datagram; an exception it throws is the caller's to report.</param>
    /// <param name="reportError">Raises the socket's <c>Error</c> (later, on the thread pool).</param>
    /// <param name="batching">Read up to 16 datagrams per call (<see cref="SocketOptions.Batching"/>), where the platform can.</param>
    /// <param name="simulateMissingBatchCalls">Test hook: behave as a kernel without <c>recvmmsg</c>.</param>
    public static ReceiveLoop Create(Socket socket, RawDatagramHandler deliver, Action<Exception> reportError, bool batching, bool simulateMissingBatchCalls) =>
        LinuxSyscalls.Available && ReceivePoller.ForNextSocket() is { } engine
            ? new PolledReceiveLoop(engine, socket, deliver, reportError, batching) { SimulateMissingBatchCalls = simulateMissingBatchCalls }
            : new ReceiveLoop(socket, deliver, reportError);

    /// <summary>Starts reading; <see cref="Completion"/> follows the loop's end.</summary>
    public void Start() =>
        Run().ContinueWith(static (_, state) => ((TaskCompletionSource)state!).TrySetResult(), _ended, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Ends the loop: nothing is delivered after this returns except a datagram whose handler is already running. Call under the socket's lock.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Wakes a loop blocked in the OS so that it lets go of the socket; call after <see cref="Stop"/>, before disposing the socket.</summary>
    public virtual void Wake()
    {
    }

    /// <summary>The loop itself; the portable one here.</summary>
    protected virtual Task Run() => ReceivePortableAsync();

    /// <summary>The portable loop; <see cref="PolledReceiveLoop"/> also carries on with it where the kernel has no <c>recvmmsg</c>.</summary>
    protected async Task ReceivePortableAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var from = new SocketAddress(Socket.AddressFamily);
        var peers = new PeerCache();
        try
        {
            while (true)
            {
                int received;
                try
                {
                    received = await Socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from).ConfigureAwait(false);
                }
                catch (Exception) when (Stopped)
                {
                    return;
                }
                catch (SocketException exception)
                {
                    ReportError(SystemErrors.From(exception, "recvmsg"));
                    continue;
                }
                if (Stopped)
                {
                    return;
                }
                Deliver(buffer.AsSpan(0, received), from, peers);
            }
        }
        catch (Exception exception)
        {
            ReportError(exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Counts and delivers one datagram from <paramref name="from"/>, named through the calling thread's <paramref name="peers"/>.</summary>
    protected void Deliver(ReadOnlySpan<byte> datagram, SocketAddress from, PeerCache peers)
    {
        SocketTelemetry.Received(datagram.Length);
        _deliver(datagram, peers.Get(from, datagram.Length));
    }

    /// <summary>Counts and delivers one datagram whose sender is already known (a loop without an OS socket).</summary>
    protected void Deliver(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        SocketTelemetry.Received(datagram.Length);
        _deliver(datagram, from);
    }
}

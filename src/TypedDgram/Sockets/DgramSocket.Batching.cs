using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

// SocketOptions.Batching: the send queue drains through sendmmsg (with UDP GSO where the kernel has it), on 64-bit
// Linux; the receive side is in DgramSocket.ReceiveThread.cs. Ordering, errors, callbacks and events are those of the
// one-datagram-at-a-time paths, which take over for good where the kernel answers ENOSYS.
public sealed partial class DgramSocket
{
    private readonly bool _batching;
    private volatile bool _batchSendsUnavailable;
    private bool _simulateMissingBatchCalls;

    // Only the drain touches these (one drain at a time).
    private BatchSender? _batchSender;
    private readonly SendRequest?[] _batchTaken = new SendRequest?[BatchSender.MaxDatagrams];
    private readonly SendRequest?[] _batchMembers = new SendRequest?[BatchSender.MaxDatagrams];
    private readonly SocketAddress?[] _batchDestinations = new SocketAddress?[BatchSender.MaxDatagrams];
    private readonly int[] _batchResults = new int[BatchSender.MaxDatagrams];

    /// <summary>True while sends go through <c>sendmmsg</c>: batching asked for, on 64-bit Linux, and not refused by the kernel.</summary>
    internal bool BatchingSends => _batching && !_batchSendsUnavailable;


    /// <summary>Test hook: from now on, <c>sendmmsg</c> and <c>recvmmsg</c> answer ENOSYS as on a kernel without them.</summary>
    internal void SimulateMissingBatchCalls()
    {
        _simulateMissingBatchCalls = true;
        if (_batchSender is { } sender)
        {
            sender.SimulateMissingSyscall = true;
        }
    }

    /// <summary>
    /// The batched drain, on the thread pool so that sends queue up behind it while it works: up to 64 queued requests
    /// at a time, in order, through <see cref="SendBatchAsync"/>.
    /// </summary>
    private async Task DrainSendQueueBatchedAsync()
    {
        var taken = _batchTaken;
        while (true)
        {
            if (!BatchingSends)
            {
                await DrainSendQueueAsync().ConfigureAwait(false);
                return;
            }

            Socket? socket;
            int count = 0;
            lock (_gate)
            {
                socket = _socket;
                if (socket is null || _sendQueue.Count == 0)
                {
                    _draining = false;
                    return;
                }
                while (count < taken.Length && _sendQueue.TryDequeue(out var request))
                {
                    taken[count++] = request;
                }
            }

            try
            {
                await SendBatchAsync(socket, taken, count).ConfigureAwait(false);
            }
            finally
            {
                Array.Clear(taken, 0, count);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> requests taken from the queue, in order: each is claimed (a cancelled one is
    /// dropped) and resolved, then as many as fit go out in one <see cref="BatchSender"/> call; what the kernel did not
    /// take (a full send buffer, or no <c>sendmmsg</c>) and a datagram too large for a batch go one at a time.
    /// </summary>
    private async ValueTask SendBatchAsync(Socket socket, SendRequest?[] requests, int count)
    {
        var batch = _batchSender ??= new BatchSender { SimulateMissingSyscall = _simulateMissingBatchCalls };
        int next = 0;
        SendRequest? carried = null;          // claimed and resolved, but the last batch had no room for it
        SocketAddress? carriedDestination = null;
        while (next < count || carried is not null)
        {
            batch.Clear();
            int members = 0;
            while (carried is not null || next < count)
            {
                SendRequest request;
                SocketAddress destination;
                if (carried is not null)
                {
                    (request, destination) = (carried, carriedDestination!);
                    carried = null;
                }
                else
                {
                    request = requests[next++]!;
                    if (!request.TryBeginSend())
                    {
                        FinishSend(request, null, 0, reportUnheard: false);
                        continue;
                    }

                    try
                    {
                        destination = request.Port is int port
                            ? await DestinationAsync(request.Address, port).ConfigureAwait(false)
                            : ConnectedPeerAddress();
                    }
                    catch (DgramException exception)
                    {
                        SocketTelemetry.SendFinished(exception.Code, 0);
                        FinishSend(request, exception, 0, reportUnheard: Volatile.Read(ref _socket) is not null);
                        continue;
                    }
                }

                if (!batch.TryAdd(request.Payload.Span, destination))
                {
                    if (members > 0)
                    {
                        (carried, carriedDestination) = (request, destination);
                        break;
                    }

                    await SendOneAsync(socket, request, destination).ConfigureAwait(false);
                    continue;
                }

                _batchMembers[members] = request;
                _batchDestinations[members] = destination;
                members++;
            }

            if (members > 0)
            {
                await SendMembersAsync(socket, batch, members).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask SendMembersAsync(Socket socket, BatchSender batch, int members)
    {
        int done;
        try
        {
            done = batch.Send(socket.SafeHandle, _batchResults);
        }
        catch (ObjectDisposedException)
        {
            for (int i = 0; i < members; i++)
            {
                FinishSend(_batchMembers[i]!, DgramErrors.NotRunning(), 0, reportUnheard: false);
            }
            ClearMembers(members);
            return;
        }

        bool alive = Volatile.Read(ref _socket) is not null;
        for (int i = 0; i < done; i++)
        {
            var request = _batchMembers[i]!;
            int result = _batchResults[i];
            var error = result < 0 ? SendError(socket, -result, request) : null;
            SocketTelemetry.SendFinished(error?.Code, Math.Max(result, 0));
            FinishSend(request, error, Math.Max(result, 0), alive);
        }

        if (batch.Unsupported)
        {
            _batchSendsUnavailable = true;
        }

        for (int i = done; i < members; i++)
        {
            await SendOneAsync(socket, _batchMembers[i]!, _batchDestinations[i]).ConfigureAwait(false);
        }
        ClearMembers(members);
    }

    private void ClearMembers(int members)
    {
        Array.Clear(_batchMembers, 0, members);
        Array.Clear(_batchDestinations, 0, members);
    }
}

using System.Net;

namespace TypedDgram.Sockets;

/// <summary>
/// The drain of a <see cref="SocketOptions.Batching"/> socket, on 64-bit Linux: up to 64 queued requests at a time go
/// to the kernel through <c>sendmmsg</c> (with UDP GSO where the kernel has it). Ordering, errors, callbacks and
/// events are those of the one-at-a-time drain, which takes over for good where the kernel answers ENOSYS.
/// </summary>
internal sealed class BatchedDrain(SendQueue queue)
{
    // Only the drain touches these (one drain at a time).
    // Created with the first batch: its pinned buffers are 1.3 MB.
    private BatchSender? _sender;
    private bool _simulateMissingSyscall;
    private readonly SendRequest?[] _taken = new SendRequest?[BatchSender.MaxDatagrams];
    private readonly SendRequest?[] _members = new SendRequest?[BatchSender.MaxDatagrams];
    private readonly SocketAddress?[] _destinations = new SocketAddress?[BatchSender.MaxDatagrams];
    private readonly int[] _results = new int[BatchSender.MaxDatagrams];
    private volatile bool _unavailable;

    /// <summary>False once the kernel refused <c>sendmmsg</c> (ENOSYS): sends then go one at a time.</summary>
    public bool Available => !_unavailable;

    /// <summary>Test hook: from now on, <c>sendmmsg</c> answers ENOSYS as on a kernel without it.</summary>
    public void SimulateMissingSyscall()
    {
        _simulateMissingSyscall = true;
        if (_sender is { } sender)
        {
            sender.SimulateMissingSyscall = true;
        }
    }

    /// <summary>Drains the queue in batches until it is empty or closed.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            if (_unavailable)
            {
                await queue.DrainAsync().ConfigureAwait(false);
                return;
            }

            int count = queue.TakeUpTo(_taken);
            if (count == 0)
            {
                return;
            }

            try
            {
                await SendBatchAsync(count).ConfigureAwait(false);
            }
            finally
            {
                Array.Clear(_taken, 0, count);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> requests taken from the queue, in order: each is claimed (a cancelled one is
    /// dropped) and resolved, then as many as fit go out in one <see cref="BatchSender"/> call; what the kernel did not
    /// take (a full send buffer, or no <c>sendmmsg</c>) and a datagram too large for a batch go one at a time.
    /// </summary>
    private async ValueTask SendBatchAsync(int count)
    {
        var batch = _sender ??= new BatchSender { SimulateMissingSyscall = _simulateMissingSyscall };
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
                    request = _taken[next++]!;
                    if (!request.TryBeginSend())
                    {
                        queue.Finish(request, null, 0, reportUnheard: false);
                        continue;
                    }

                    try
                    {
                        destination = await queue.Destinations.ResolveAsync(request).ConfigureAwait(false);
                    }
                    catch (DgramException exception)
                    {
                        SocketTelemetry.SendFinished(exception.Code, 0);
                        queue.Finish(request, exception, 0, reportUnheard: !queue.IsClosed);
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

                    await queue.SendOneAsync(request, destination).ConfigureAwait(false);
                    continue;
                }

                _members[members] = request;
                _destinations[members] = destination;
                members++;
            }

            if (members > 0)
            {
                await SendMembersAsync(batch, members).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask SendMembersAsync(BatchSender batch, int members)
    {
        int done;
        try
        {
            done = batch.Send(queue.Socket.SafeHandle, _results);
        }
        catch (ObjectDisposedException)
        {
            for (int i = 0; i < members; i++)
            {
                queue.Finish(_members[i]!, DgramErrors.NotRunning(), 0, reportUnheard: false);
            }
            ClearMembers(members);
            return;
        }

        bool alive = !queue.IsClosed;
        for (int i = 0; i < done; i++)
        {
            var request = _members[i]!;
            int result = _results[i];
            var error = result < 0 ? queue.SendError(-result, request) : null;
            SocketTelemetry.SendFinished(error?.Code, Math.Max(result, 0));
            queue.Finish(request, error, Math.Max(result, 0), alive);
        }

        if (batch.Unsupported)
        {
            _unavailable = true;
        }

        for (int i = done; i < members; i++)
        {
            await queue.SendOneAsync(_members[i]!, _destinations[i]).ConfigureAwait(false);
        }
        ClearMembers(members);
    }

    private void ClearMembers(int members)
    {
        Array.Clear(_members, 0, members);
        Array.Clear(_destinations, 0, members);
    }
}

using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A bus's publishing: numbers its publications and hands them to the link's sender in that order. With coalescing,
/// a publication made while none of its sends is in flight goes at once, alone (a version 1 publication, or a kind 0
/// frame with a key: the wire of a lone publication is unchanged); those made while one is in flight are packed into
/// one batch frame (kind 1, docs/wire-format.md, section 7, "Batches") that goes when the send in flight completes, or
/// as soon as the next one would not fit in <see cref="MulticastOptions.MaxDatagramSize"/>. Nothing waits on a timer:
/// only what is already queued is packed, so a batch forms only while publications come faster than the sender takes them.
/// </summary>
/// <remarks>
/// Numbering, packing and finishing datagrams happen under the bus's publish lock; finished datagrams wait in order in
/// a queue that one thread at a time (the one holding the sending turn) hands to the sender outside the lock, so the
/// sender sees the order of the numbers and publishing goes on while a <c>sendto</c> runs. A send completes on the
/// sender's callback (a socket posts it to the thread pool): that is the window in which the next publications gather.
/// <see cref="Publish{T}"/> is bounded by <see cref="MulticastOptions.MaxQueuedBytes"/>; a <c>PublishAsync</c> caller
/// waits for its own send instead. A lone <c>PublishAsync</c> while nothing is in flight uses the sender's own awaitable
/// send, as before coalescing (inline when the socket is idle).
/// </remarks>
internal sealed class PublishQueue
{
    private readonly Lock _gate;
    private readonly IBusLink _link;
    private readonly BusKeyRing? _keys;
    private readonly ulong _publisherId;
    private readonly int _maxDatagramSize;
    private readonly bool _coalesce;
    private readonly long _maxQueuedBytes;
    private readonly Action<Exception> _reportError;
    private readonly IFragmenter _fragmenter;
    private readonly ManualResetEventSlim _room = new(initialState: true);
    private readonly Stack<InFlightSend> _spare = new();

    // Datagrams numbered and finished, in order, for the one thread that holds the sending turn to hand over.
    private readonly Queue<ReadyDatagram> _ready = new();
    private bool _sending;

    // Whether something is in _ready and nobody holds the turn: read without the lock to spare a publication that only
    // joined a batch a second lock (SendReady checks again under it).
    private bool _readyToSend;

    private readonly SentRecorder? _record;
    private readonly SendPacer? _pacer;
    private ulong _nextSequence;

    // The number after the last publication handed to the sender: what a heartbeat may announce (a number still being
    // gathered into a batch is not out yet).
    private ulong _handedOver;
    private PendingBatch? _pending;
    private int _inFlight;
    private long _queuedBytes;
    private long _queuedPublications;
    private bool _closed;
    private TaskCompletionSource? _drained;

    /// <param name="gate">The bus's publish lock, under which the bus also closes.</param>
    /// <param name="link">Where publications go.</param>
    /// <param name="keys">Seals every datagram when the bus has a key.</param>
    /// <param name="publisherId">The bus's publisher id.</param>
    /// <param name="options">MaxDatagramSize, Coalesce and MaxQueuedBytes.</param>
    /// <param name="fragmenter">Cuts a publication larger than a datagram into fragment frames.</param>
    /// <param name="reportError">The bus's <c>Error</c>, for a send nobody waits for that failed.</param>
    /// <param name="record">
    /// Reliable mode: keeps each datagram of publications as sent (its first number, how many, its bytes, where) for
    /// re-sending on a NAK; null in best effort.
    /// </param>
    /// <param name="pacer">Reliable mode: holds the sending turn back while subscribers are overrun; null in best effort.</param>
    public PublishQueue(Lock gate, IBusLink link, BusKeyRing? keys, ulong publisherId, MulticastOptions options, IFragmenter fragmenter, Action<Exception> reportError, SentRecorder? record = null, SendPacer? pacer = null)
    {
        _record = record;
        _pacer = pacer;
        _fragmenter = fragmenter;
        _gate = gate;
        _link = link;
        _keys = keys;
        _publisherId = publisherId;
        _maxDatagramSize = options.MaxDatagramSize;
        _coalesce = options.Coalesce;
        _maxQueuedBytes = options.MaxQueuedBytes;
        _reportError = reportError;
    }

    /// <summary>
    /// Publishes <paramref name="message"/> and completes when its datagram has been handed to the system: alone at once
    /// when nothing of this queue is in flight (as before coalescing: the socket's own send, completing inline when it
    /// can), else in the batch being filled (or, without coalescing, behind what <see cref="Publish{T}"/> queued).
    /// </summary>
    public ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : IDatagram<T>
    {
        ValueTask<int> send = default;
        Task? joined = null;
        lock (_gate)
        {
            ThrowIfClosed();
            if (Gathering)
            {
                joined = AppendLocked(message, joining: true);
            }
            else
            {
                var buffer = SerializeAlone(message, out var length, out var overhead);
                if (length > _maxDatagramSize)
                {
                    joined = PublishLargeLocked(message, buffer, length, overhead, joining: true);
                }
                else if (_inFlight > 0)
                {
                    // Without coalescing, behind what Publish queued: in its turn, and told when it is sent.
                    HandedOverLocked(_nextSequence, 1, buffer.AsSpan(0, length), _link.DestinationOf(T.TypeId));
                    _nextSequence++;
                    var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _queuedPublications++;
                    HandOffLocked(buffer, length, _link.DestinationOf(T.TypeId), publications: 1, bytes: 0, waiter);
                    joined = waiter.Task;
                }
                else
                {
                    HandedOverLocked(_nextSequence, 1, buffer.AsSpan(0, length), _link.DestinationOf(T.TypeId));
                    _nextSequence++;
                    send = _link.Sender.SendAsync(buffer, length, _link.DestinationOf(T.TypeId), cancellationToken);
                }
            }
        }

        if (joined is not null)
        {
            // A full batch may have been finished to make room for this one.
            SendReady();
            return new ValueTask(joined);
        }

        if (send.IsCompletedSuccessfully)
        {
            // Read the result even though it is known: the socket's send request goes back to its pool on GetResult.
            // Returning without it left every lone publication's request to the GC and a new one allocated for the
            // next (136 bytes per PublishAsync; MulticastBusAllocationTests).
            send.GetAwaiter().GetResult();
            return ValueTask.CompletedTask;
        }

        return AwaitSend(send);
    }

    /// <summary>
    /// Queues <paramref name="message"/> without waiting for its send: true once queued. When the queue holds
    /// <see cref="MulticastOptions.MaxQueuedBytes"/> or more, waits for room if <paramref name="waitForRoom"/>, else
    /// returns false with nothing queued and no number used.
    /// </summary>
    public bool Publish<T>(T message, bool waitForRoom)
        where T : IDatagram<T>
    {
        bool queued;
        while (!TryPublishOnce(message, waitForRoom, out queued))
        {
            _room.Wait();
        }

        if (queued && Volatile.Read(ref _readyToSend))
        {
            SendReady();
        }

        return queued;
    }

    // One try under the lock: true when done (queued, or refused without waiting: `queued` says which); false when the
    // caller is to wait for room and try again.
    private bool TryPublishOnce<T>(T message, bool waitForRoom, out bool queued)
        where T : IDatagram<T>
    {
        lock (_gate)
        {
            ThrowIfClosed();

            // One publication over the bound is let in (the bound is checked before its size is known), and an empty
            // queue takes any: a bound smaller than one publication must not block for ever.
            if (_queuedBytes >= _maxQueuedBytes && _queuedBytes != 0)
            {
                queued = false;
                if (!waitForRoom)
                {
                    return true;
                }

                _room.Reset();
                return false;
            }

            if (Gathering)
            {
                AppendLocked(message, joining: false);
            }
            else
            {
                var buffer = SerializeAlone(message, out var length, out var overhead);
                if (length > _maxDatagramSize)
                {
                    PublishLargeLocked(message, buffer, length, overhead, joining: false);
                }
                else
                {
                    HandedOverLocked(_nextSequence, 1, buffer.AsSpan(0, length), _link.DestinationOf(T.TypeId));
                    _nextSequence++;
                    _queuedBytes += length;
                    _queuedPublications++;
                    HandOffLocked(buffer, length, _link.DestinationOf(T.TypeId), publications: 1, bytes: length, waiter: null);
                }
            }

            queued = true;
            return true;
        }
    }

    /// <summary>
    /// Refuses every publication from now on (<see cref="ObjectDisposedException"/>), wakes a <see cref="Publish{T}"/>
    /// waiting for room, and sends what is queued. Call under the publish lock (the bus closes under it); then
    /// <see cref="DrainAsync"/>.
    /// </summary>
    public void CloseLocked()
    {
        _closed = true;
        if (_pending is not null && _inFlight == 0)
        {
            FlushLocked();
        }

        _room.Set();
    }

    /// <summary>
    /// Waits at most <paramref name="limit"/> for every queued publication to be handed to the system; returns how many
    /// were still queued then (the link's closing fails those: their <c>PublishAsync</c> callers get
    /// <see cref="ObjectDisposedException"/>).
    /// </summary>
    public async Task<long> DrainAsync(TimeSpan limit)
    {
        SendReady();
        Task drained;
        lock (_gate)
        {
            if (_inFlight == 0)
            {
                return 0;
            }

            drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await drained.WaitAsync(limit).ConfigureAwait(false);
            return 0;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                return _queuedPublications;
            }
        }
    }

    /// <summary>The sender's answer about <paramref name="sent"/>: releases its room, sends the batch gathered meanwhile, tells its waiters.</summary>
    internal void OnSent(InFlightSend sent, DgramException? error)
    {
        var waiter = sent.Waiter;
        bool closed;
        lock (_gate)
        {
            _inFlight--;
            _queuedBytes -= sent.Bytes;
            _queuedPublications -= sent.Publications;
            _spare.Push(sent);
            if (_inFlight == 0 && _pending is not null)
            {
                FlushLocked();
            }

            if (_queuedBytes < _maxQueuedBytes)
            {
                _room.Set();
            }

            closed = _closed;
            if (_inFlight == 0 && _drained is { } drained)
            {
                drained.TrySetResult();
            }
        }

        SendReady();
        if (error is null)
        {
            waiter?.TrySetResult();
        }
        else if (waiter is not null)
        {
            waiter.TrySetException(closed && error.Code == DgramErrorCode.NotRunning ? NotSentBeforeDispose() : error);
        }
        else if (!(closed && error.Code == DgramErrorCode.NotRunning))
        {
            // Nobody waits for this send; a publication the bus's closing cut short was reported by DisposeAsync.
            _reportError(error);
        }
    }

    // A publication joins a batch while one of this queue's sends is in flight, or one is already gathering (order).
    private bool Gathering => _coalesce && (_inFlight > 0 || _pending is not null);

    private async ValueTask AwaitSend(ValueTask<int> send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (DgramException error) when (error.Code == DgramErrorCode.NotRunning && Volatile.Read(ref _closed))
        {
            // The bus closed its socket with this publication still queued: say so in the bus's terms.
            throw NotSentBeforeDispose();
        }
    }

    private static ObjectDisposedException NotSentBeforeDispose() =>
        new(nameof(MulticastBus), "The bus was disposed before this publication was sent; it was not sent.");

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, typeof(MulticastBus));

    // The publication as it goes alone: a version 1 publication, or with a key a sealed kind 0 frame (it may be larger
    // than a datagram: then it goes in fragments).
    private byte[] SerializeAlone<T>(T message, out int length, out int overhead)
        where T : IDatagram<T> =>
        _keys is { } keys
            ? keys.SealPublication(message, _publisherId, _nextSequence, out length, out overhead)
            : PooledEnvelope.Serialize(message, new PublicationPrefix(_publisherId, _nextSequence), out length, out overhead);

    // A publication larger than a datagram: after the batch gathered so far (order), its fragment frames, each in turn.
    // The caller of PublishAsync is told when the last has been handed to the system.
    private Task? PublishLargeLocked<T>(T message, byte[] serialized, int length, int overhead, bool joining)
        where T : IDatagram<T>
    {
        if (_pending is not null)
        {
            FlushLocked();
        }

        var frames = _fragmenter.Fragment(message, serialized, length, overhead, _nextSequence);
        _nextSequence++;

        // Reliable mode keeps every fragment frame, each with the bytes it carries: a NAK of the publication's number
        // re-sends them all, a fragment NAK (kind 6) only those that carry what the subscriber lacks.
        Volatile.Write(ref _handedOver, _nextSequence);
        var waiter = joining ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        for (var i = 0; i < frames.Count; i++)
        {
            _record?.Invoke(_nextSequence - 1, 1, frames[i].Buffer.AsSpan(0, frames[i].Length), _link.ControlDestination, frames[i].Piece);
            var last = i == frames.Count - 1;
            _queuedBytes += frames[i].Length;
            _queuedPublications += last ? 1 : 0;
            HandOffLocked(frames[i].Buffer, frames[i].Length, _link.ControlDestination, publications: last ? 1 : 0, bytes: frames[i].Length, last ? waiter : null);
        }

        return waiter?.Task;
    }

    // Serializes the contract into the batch being gathered (a new one when it would not fit, the full one handed over);
    // with `joining`, the task of the batch it joined.
    private Task? AppendLocked<T>(T message, bool joining)
        where T : IDatagram<T>
    {
        var contract = PooledEnvelope.Serialize(message, out var length);
        try
        {
            // Larger than a datagram alone: not for a batch, but fragments (in order, after what is gathered).
            var overhead = AloneOverhead(_nextSequence);
            if (overhead + length > _maxDatagramSize)
            {
                var alone = SerializeAlone(message, out var aloneLength, out var aloneOverhead);
                return PublishLargeLocked(message, alone, aloneLength, aloneOverhead, joining);
            }

            var destination = _link.DestinationOf(T.TypeId);
            if (_pending is { } full && !full.Fits(length, destination))
            {
                FlushLocked();
            }

            var batch = _pending ??= StartBatch(destination);
            batch.Add(contract.AsSpan(0, length));
            _nextSequence++;
            _queuedBytes += length;
            _queuedPublications++;
            return joining ? batch.Join() : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contract);
        }
    }

    private PendingBatch StartBatch(TransportDestination destination)
    {
        var trailer = _keys?.TrailerLength ?? 0;

        // Room for the tag too: sealing appends it in place.
        var buffer = ArrayPool<byte>.Shared.Rent(_maxDatagramSize + trailer);
        var headerLength = _keys is { } keys
            ? SecureFrame.WriteHeader(buffer, FrameKind.Batch, keys.Suite, keys.KeyId, _publisherId, _nextSequence)
            : PlainFrame.WriteHeader(buffer, FrameKind.Batch, _publisherId, _nextSequence);
        return PendingBatch.Start(buffer, headerLength, _maxDatagramSize - trailer, _nextSequence, destination);
    }

    // The header and tag of publication `sequence` sent alone.
    private int AloneOverhead(ulong sequence)
    {
        Span<byte> header = stackalloc byte[SecureFrame.MaxHeaderLength];
        return _keys is { } keys
            ? SecureFrame.WriteHeader(header, FrameKind.Publication, keys.Suite, keys.KeyId, _publisherId, sequence) + keys.TrailerLength
            : PublicationHeader.Write(header, _publisherId, sequence);
    }

    // Hands the gathered batch to the sender: a batch frame, or a batch of one as the publication alone.
    private void FlushLocked()
    {
        var batch = _pending!;
        _pending = null;
        byte[] buffer;
        int length;
        if (batch.Count == 1)
        {
            buffer = AloneFrom(batch.Single, batch.First, out length);
            ArrayPool<byte>.Shared.Return(batch.Buffer);
        }
        else
        {
            buffer = batch.Finish(out length);
            if (_keys is { } keys)
            {
                buffer = keys.Seal(buffer, ref length, batch.HeaderLength, FrameKind.Batch, batch.First);
            }
        }

        HandedOverLocked(batch.First, batch.Count, buffer.AsSpan(0, length), batch.Destination);
        HandOffLocked(buffer, length, batch.Destination, batch.Count, batch.ContentLength, batch.Waiter);
    }

    /// <summary>The number after the last publication handed to the sender (0: none yet): what a heartbeat announces.</summary>
    public ulong NextHandedOver => Volatile.Read(ref _handedOver);

    // A datagram of publications first .. first + count - 1 leaves the queue: kept for repair in reliable mode, and
    // announced by the next heartbeat.
    private void HandedOverLocked(ulong first, int count, ReadOnlySpan<byte> datagram, TransportDestination destination)
    {
        _record?.Invoke(first, count, datagram, destination, fragment: null);
        Volatile.Write(ref _handedOver, first + (ulong)count);
    }

    private byte[] AloneFrom(ReadOnlySpan<byte> contract, ulong sequence, out int length)
    {
        var trailer = _keys?.TrailerLength ?? 0;
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + contract.Length + trailer);
        var headerLength = _keys is { } keys
            ? SecureFrame.WriteHeader(buffer, FrameKind.Publication, keys.Suite, keys.KeyId, _publisherId, sequence)
            : PublicationHeader.Write(buffer, _publisherId, sequence);
        contract.CopyTo(buffer.AsSpan(headerLength));
        length = headerLength + contract.Length;
        return _keys is { } sealer ? sealer.Seal(buffer, ref length, headerLength, FrameKind.Publication, sequence) : buffer;
    }

    // Queues a finished datagram for the sending turn (SendReady, once the caller has left the lock).
    private void HandOffLocked(byte[] buffer, int length, TransportDestination destination, int publications, long bytes, TaskCompletionSource? waiter)
    {
        // The publications and bytes were counted when queued; only the datagram in flight is new.
        var sent = (_spare.TryPop(out var spare) ? spare : new InFlightSend(this)).Start(publications, bytes, waiter);
        _inFlight++;
        _ready.Enqueue(new ReadyDatagram(buffer, length, destination, sent));
        _readyToSend = !_sending;
    }

    /// <summary>
    /// Hands the finished datagrams to the sender, in order, outside the lock, so that publishing goes on while the
    /// system takes a datagram (a socket's <c>sendto</c> runs inline when its queue is idle). One thread at a time
    /// holds the turn; one that finds it held leaves its datagrams to the holder, which takes them before it lets go.
    /// </summary>
    public void SendReady()
    {
        lock (_gate)
        {
            if (_sending || _ready.Count == 0)
            {
                return;
            }

            _sending = true;
            _readyToSend = false;
        }

        while (true)
        {
            ReadyDatagram next;
            lock (_gate)
            {
                if (!_ready.TryDequeue(out next))
                {
                    _sending = false;
                    return;
                }
            }

            // Reliable mode, subscribers overrun: the turn waits, and what is published meanwhile gathers into fuller batches.
            _pacer?.WaitTurn();
            try
            {
                _link.Sender.Send(next.Buffer, next.Length, next.Destination, next.Sent.Callback);
            }
            catch (DgramException error)
            {
                // The sender refused it outright (it closed): answered as its callback would have been.
                OnSent(next.Sent, error);
            }
        }
    }

    /// <summary>A datagram finished and numbered, waiting for the sending turn.</summary>
    private readonly record struct ReadyDatagram(byte[] Buffer, int Length, TransportDestination Destination, InFlightSend Sent);
}

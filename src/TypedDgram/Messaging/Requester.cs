using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// A transport's requests in flight, by correlation id: it reads every response the transport receives and completes
/// the request waiting for it; a response nobody waits for (late, duplicated, or not for this socket) is counted on
/// <c>typeddgram.responses.unmatched</c>, never an error. Made by the transport's first request; lives as long as it.
/// </summary>
internal sealed class Requester
{
    private readonly IDatagramTransport _transport;
    private readonly ConcurrentDictionary<ulong, PendingRequest> _pending = new();
    private readonly ReplayWindows _windows;

    // Random, not 0: a client restarted on the same port must not reuse an id a server still has a cached answer for.
    private long _lastId = BinaryPrimitives.ReadInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    public Requester(IDatagramTransport transport)
    {
        _transport = transport;
        _windows = ReplayWindows.ForNewReceiver(transport);
        transport.OnClosedOrThrow(OnClosed);
        transport.AddReceiver(Receive);
    }

    /// <summary>The next correlation id: distinct for every request this transport sends.</summary>
    public ulong NextId() => (ulong)Interlocked.Increment(ref _lastId);

    /// <summary>Registers a request before its first send; throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> once the transport has closed.</summary>
    public void Add(ulong id, PendingRequest request)
    {
        _pending[id] = request;
        try
        {
            _transport.ThrowIfClosed();
        }
        catch
        {
            _pending.TryRemove(id, out _);
            throw;
        }
    }

    /// <summary>Forgets a request that has ended; its late responses are then unmatched.</summary>
    public void Remove(ulong id) => _pending.TryRemove(id, out _);

    /// <summary>Requests waiting now (for tests).</summary>
    internal int PendingCount => _pending.Count;

    private void Receive(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        var authenticator = DatagramAuthenticator.Of(_transport);
        if (!DatagramCorrelation.MayEndWithCorrelation(datagram, CorrelationKind.Response)
            && !(authenticator is not null
                 && datagram.Length > DatagramAuthenticator.TrailerSize
                 && DatagramCorrelation.MayEndWithCorrelation(datagram[..^DatagramAuthenticator.TrailerSize], CorrelationKind.Response)))
        {
            return;
        }

        var bytes = ReceiveScratch.Copy(datagram);
        var verdict = DatagramAuthenticator.Verify(_transport, _windows, ref bytes);
        if (verdict == DatagramAuthenticator.Verdict.Replayed
            || !DatagramCorrelation.TryStrip(ref bytes, DatagramReaderLimits.Default, out var correlation)
            || correlation.Kind != CorrelationKind.Response)
        {
            return;
        }

        if (!_pending.TryGetValue(correlation.Id, out var request)
            || request.TryComplete(bytes, verdict == DatagramAuthenticator.Verdict.Authenticated, from, _transport) == PendingRequest.Outcome.AlreadyCompleted)
        {
            MessagingTelemetry.UnmatchedResponse(bytes);
        }
    }

    private void OnClosed()
    {
        foreach (var (id, request) in _pending)
        {
            _pending.TryRemove(id, out _);
            request.Fail(DgramErrors.NotRunning());
        }
    }
}

using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// One receiver's anti-replay state (as IPsec's, RFC 4303): per authenticated sender id, the highest sequence number
/// seen and which of the 64 below it were seen. A sequence number seen before, or 64 or more below the highest, is a
/// replay. Only datagrams whose HMAC verified reach it, so only key holders can add senders; beyond
/// <see cref="MaxSenders"/> the one heard from least recently is forgotten.
/// </summary>
/// <remarks>
/// Every receiver on a socket (an attachment, a <c>ReceiveAsync</c> stream, the requester) sees every datagram, so each
/// keeps windows of its own; but replay protection is the socket's: a receiver's windows start as a copy of what the
/// socket's receivers have accepted so far (<see cref="ForNewReceiver"/>), so a datagram accepted before a handler was
/// attached again, or before a new stream began, is a replay to it too (issue 16, finding 5).
/// </remarks>
internal sealed class ReplayWindows
{
    public const int MaxSenders = 4096;
    private const int WindowSize = 64;

    private readonly Dictionary<ulong, Window> _senders = [];
    private long _clock;

    /// <summary>
    /// Windows for a receiver starting on <paramref name="transport"/>: what the socket has accepted so far when it has
    /// a key, else empty (nothing authenticated can have been accepted without one).
    /// </summary>
    public static ReplayWindows ForNewReceiver(IDatagramTransport transport) =>
        DatagramAuthenticator.Of(transport)?.Accepted.Copy() ?? new ReplayWindows();

    /// <summary>An independent copy of these windows.</summary>
    public ReplayWindows Copy()
    {
        var copy = new ReplayWindows();
        lock (_senders)
        {
            foreach (var (sender, window) in _senders)
            {
                copy._senders.Add(sender, window);
            }

            copy._clock = _clock;
        }

        return copy;
    }

    /// <summary>True the first time (<paramref name="sender"/>, <paramref name="sequence"/>) is seen inside the window.</summary>
    public bool TryAccept(ulong sender, ulong sequence)
    {
        lock (_senders)
        {
            _clock++;
            if (!_senders.TryGetValue(sender, out var window))
            {
                if (_senders.Count >= MaxSenders)
                {
                    _senders.Remove(_senders.MinBy(entry => entry.Value.LastHeard).Key);
                }

                _senders[sender] = new Window(sequence, 1, _clock);
                return true;
            }

            if (sequence > window.Highest)
            {
                var shift = sequence - window.Highest;
                var seen = shift >= WindowSize ? 1UL : (window.Seen << (int)shift) | 1;
                _senders[sender] = new Window(sequence, seen, _clock);
                return true;
            }

            var behind = window.Highest - sequence;
            var bit = 1UL << (int)Math.Min(behind, WindowSize - 1);
            if (behind >= WindowSize || (window.Seen & bit) != 0)
            {
                return false;
            }

            _senders[sender] = window with { Seen = window.Seen | bit, LastHeard = _clock };
            return true;
        }
    }

    private readonly record struct Window(ulong Highest, ulong Seen, long LastHeard);
}

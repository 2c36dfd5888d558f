namespace TypedDgram.PubSub;

/// <summary>
/// A keyed bus's memory of the control frames it acted on (NAKs, fragment NAKs, history requests): per sender id and
/// kind, the newest frame number and which of the <see cref="Width"/> before it arrived. A frame number seen before, or
/// <see cref="Width"/> or more behind the newest, is a replay: a key holder numbers each kind's frames from 0 and never
/// reuses one, so only a copy (captured and sent again) repeats one. Bounded: at most so many (sender, kind) pairs, the
/// least recently heard forgotten beyond it. Thread-safe.
/// </summary>
/// <remarks>
/// A window rather than "above the newest" (as heartbeats have): a subscriber may send several NAKs in one round, and
/// the network may swap two of them. A forgotten sender's old frames could be replayed once more, as for publications.
/// </remarks>
internal sealed class ControlReplayWindow
{
    /// <summary>How far behind a sender's newest frame number an unseen one is still accepted.</summary>
    public const int Width = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<(ulong Sender, FrameKind Kind), Seen> _windows = [];
    private readonly int _maxWindows;
    private long _heard;

    /// <param name="maxWindows">How many (sender, kind) pairs are remembered at most.</param>
    public ControlReplayWindow(int maxWindows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        _maxWindows = maxWindows;
    }

    /// <summary>
    /// Whether frame <paramref name="sequence"/> of <paramref name="kind"/> from <paramref name="sender"/> is new (it is
    /// then remembered); false for a replay.
    /// </summary>
    public bool TryAccept(ulong sender, FrameKind kind, ulong sequence)
    {
        lock (_gate)
        {
            if (!_windows.TryGetValue((sender, kind), out var seen))
            {
                if (_windows.Count >= _maxWindows)
                {
                    _windows.Remove(_windows.MinBy(pair => pair.Value.LastHeard).Key);
                }

                _windows.Add((sender, kind), new Seen { Newest = sequence, Bits = 1, LastHeard = ++_heard });
                return true;
            }

            seen.LastHeard = ++_heard;
            if (sequence > seen.Newest)
            {
                var ahead = sequence - seen.Newest;
                seen.Bits = ahead >= Width ? 1 : (seen.Bits << (int)ahead) | 1;
                seen.Newest = sequence;
                return true;
            }

            var behind = seen.Newest - sequence;
            var bit = behind < Width ? 1UL << (int)behind : 0;
            if (bit == 0 || (seen.Bits & bit) != 0)
            {
                return false;
            }

            seen.Bits |= bit;
            return true;
        }
    }

    /// <summary>One sender's window for one kind: bit i says whether <c>Newest - i</c> arrived.</summary>
    private sealed class Seen
    {
        public ulong Newest;
        public ulong Bits;
        public long LastHeard;
    }
}

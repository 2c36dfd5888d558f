using System.Diagnostics;

namespace TypedDgram.PubSub;

/// <summary>
/// Reliable mode's flow control: paces the publisher's new datagrams when a subscriber is not keeping up, which NAKs
/// tell apart from random loss in two ways. How far behind: a NAK for a number more than an eighth of
/// <see cref="RepairOptions.HoldBackCount"/> behind the newest sent means the subscriber's hold-back is filling faster
/// than repair empties it (random loss repaired in a round or two NAKs numbers a few milliseconds old). How much: more
/// than <see cref="LossTolerance"/> of the frames of a <see cref="Window"/> NAKed for the first time means its receive
/// buffer overflows (5 % or 20 % dropped at random leaves the rate alone, so repair does not collapse the rate as a
/// loss-driven sender's does). Either sets the limit to <see cref="Backoff"/> of what was sent (in that window, or on
/// average over the last few, whichever is more), then it waits
/// <see cref="QuietWindows"/> windows (the NAKs of what was already behind are still coming) before it looks again;
/// without either, the limit grows by <see cref="Growth"/> per window in which the publisher uses it, and is lifted
/// after a second in which it did not bind. Repairs are not paced
/// here (<see cref="RepairOptions.MaxRetransmissionsPerSecond"/> bounds them). Thread-safe.
/// </summary>
/// <remarks>
/// Why: without it, a publisher faster than a subscriber (a loaded machine, a slower host) makes the subscriber's
/// kernel drop a large share of everything, and repair, which adds to the load, cannot catch up: on loopback a
/// publisher at 2.5 million publications a second left 5.3 million of them unrecoverable in 5 s. Paced, batches also
/// fill (publications gather while a datagram waits for its turn), so each datagram carries more.
/// </remarks>
internal sealed class SendPacer
{
    /// <summary>How often the NAKed share is looked at: long enough to hold several NAK rounds' worth at high rates.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(25);

    /// <summary>The share of frames NAKed in a window above which the publisher slows down.</summary>
    public const double LossTolerance = 0.25;

    /// <summary>The slowest the pacer ever makes a publisher: datagrams per second.</summary>
    public const double MinRate = 2_000;

    /// <summary>Windows after a slowdown in which NAKs do not slow it further: the NAKs of what was behind before it.</summary>
    public const int QuietWindows = 2;

    /// <summary>What a slowdown keeps of the rate sent in the window before it.</summary>
    public const double Backoff = 0.5;

    /// <summary>How much the limit grows per window without a slowdown.</summary>
    public const double Growth = 1.025;

    // A second of windows without overrun before a limit the publisher does not use is lifted: a publisher starved of
    // CPU for a window (a loaded machine) must not come back unpaced.
    private const int CalmWindowsBeforeLifting = 40;

    // Fewer NAKed frames than this in a window are not evidence of overrun, whatever the share.
    private const int MinEvidence = 8;

    private static readonly long WindowTicks = (long)(Window.TotalSeconds * Stopwatch.Frequency);

    private readonly Lock _gate = new();
    private readonly Func<long> _clock;
    private readonly ulong _lagLimit;
    private long _windowStart;
    private int _sent;
    private int _naked;
    private ulong _lag;
    private double _rate = double.PositiveInfinity;
    private double _tokens;
    private long _refilled;
    private long _slowdowns;
    private int _quiet;
    private int _calm;
    private double _recentPerSecond;

    /// <param name="holdBackCount">The subscribers' <see cref="RepairOptions.HoldBackCount"/> (a group shares its options).</param>
    /// <param name="clock">Stopwatch ticks (tests pass their own).</param>
    public SendPacer(int holdBackCount, Func<long>? clock = null)
    {
        _lagLimit = (ulong)Math.Max(1, holdBackCount / 8);
        _clock = clock ?? Stopwatch.GetTimestamp;
        _windowStart = _clock();
    }

    /// <summary>The current limit in datagrams per second; infinity when it does not bind.</summary>
    public double Rate
    {
        get
        {
            lock (_gate)
            {
                Roll(_clock());
                return _rate;
            }
        }
    }

    /// <summary>How many times a window found the subscribers overrun and lowered the limit.</summary>
    public long Slowdowns => Interlocked.Read(ref _slowdowns);

    /// <summary>A new datagram of publications was handed over.</summary>
    public void OnSent()
    {
        lock (_gate)
        {
            Roll(_clock());
            _sent++;
        }
    }

    /// <summary>
    /// A NAK named <paramref name="frames"/> kept frames that no NAK had named before, its oldest number
    /// <paramref name="lag"/> publications behind the newest sent.
    /// </summary>
    public void OnNaked(int frames, ulong lag)
    {
        lock (_gate)
        {
            Roll(_clock());
            _naked += frames;
            _lag = Math.Max(_lag, lag);
        }
    }

    /// <summary>
    /// How long the next datagram must wait for its turn (zero: it may go now, and its turn is taken). The sending
    /// thread waits and asks again.
    /// </summary>
    public TimeSpan TakeTurn()
    {
        lock (_gate)
        {
            var now = _clock();
            Roll(now);
            if (double.IsPositiveInfinity(_rate))
            {
                return TimeSpan.Zero;
            }

            _tokens = Math.Min(Burst, _tokens + ((now - _refilled) * _rate / Stopwatch.Frequency));
            _refilled = now;
            if (_tokens >= 1)
            {
                _tokens--;
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds((1 - _tokens) / _rate);
        }
    }

    /// <summary>Waits (sleeping, or spinning when the wait is short) until the next datagram may go.</summary>
    public void WaitTurn()
    {
        // Bounded: each pass either takes the turn or waits at most 1 ms, and a turn comes within 1 / MinRate.
        for (var wait = TakeTurn(); wait > TimeSpan.Zero; wait = TakeTurn())
        {
            if (wait >= TimeSpan.FromMilliseconds(1))
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    // 4 ms of datagrams may go at once (a sleep lasts about a millisecond), at least 4.
    private double Burst => Math.Max(4, _rate * 0.004);

    private void Roll(long now)
    {
        var elapsed = now - _windowStart;
        if (elapsed < WindowTicks)
        {
            return;
        }

        var sentPerSecond = _sent * (double)Stopwatch.Frequency / elapsed;

        // What the publisher sent over the last few windows: one window can be a pause (a sleep, a starved thread).
        _recentPerSecond = _recentPerSecond == 0 ? sentPerSecond : (_recentPerSecond * 0.75) + (sentPerSecond * 0.25);
        var share = _sent < 4 * MinEvidence ? 0 : (double)_naked / _sent;
        if (_quiet > 0)
        {
            _quiet--;
        }
        else if (_lag > _lagLimit || (_naked >= MinEvidence && share > LossTolerance))
        {
            var through = Math.Min(_rate, Math.Max(sentPerSecond, _recentPerSecond)) * Backoff;
            if (double.IsPositiveInfinity(_rate))
            {
                _tokens = 0;
                _refilled = now;
            }

            _rate = Math.Max(MinRate, through);
            _quiet = QuietWindows;
            _calm = 0;
            Interlocked.Increment(ref _slowdowns);
        }
        else if (!double.IsPositiveInfinity(_rate))
        {
            // Grows only while it binds (a limit the publisher does not use says nothing about the subscribers); lifted
            // once a second has passed without overrun and the publisher uses well under it.
            _calm++;
            if (sentPerSecond >= _rate * 0.8)
            {
                _rate *= Growth;
            }
            else if (_calm >= CalmWindowsBeforeLifting && _rate > 4 * Math.Max(sentPerSecond, MinRate))
            {
                _rate = double.PositiveInfinity;
            }
        }

        _windowStart = now;
        _sent = 0;
        _naked = 0;
        _lag = 0;
    }
}

namespace TypedDgram.PubSub;

/// <summary>
/// Gives up a bus's fragmented publications at their deadlines even when nothing more arrives (the reassembler also
/// expires old ones whenever a fragment comes in): a one-shot timer armed for the oldest deadline while any publication
/// is in progress, and idle otherwise.
/// </summary>
internal sealed class ReassemblyTimer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Reassembler _reassembler;
    private readonly Timer _timer;
    private long? _armedFor;
    private bool _disposed;

    public ReassemblyTimer(Reassembler reassembler)
    {
        _reassembler = reassembler;
        _timer = new Timer(static state => ((ReassemblyTimer)state!).OnDeadline(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The reassembler's clock: milliseconds, monotonic.</summary>
    public static long Now => Environment.TickCount64;

    /// <summary>Called after a fragment was taken: arms the timer for the oldest deadline if it is not armed yet.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            // Deadlines only come later than the oldest one, so a timer armed for it stays right.
            if (_disposed || _armedFor is not null || _reassembler.NextDeadline is not { } deadline)
            {
                return;
            }

            ArmLocked(deadline);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void OnDeadline()
    {
        _reassembler.Expire(Now);
        lock (_gate)
        {
            _armedFor = null;
            if (!_disposed && _reassembler.NextDeadline is { } next)
            {
                ArmLocked(next);
            }
        }
    }

    private void ArmLocked(long deadline)
    {
        _armedFor = deadline;
        _timer.Change(Math.Max(deadline - Now, 0), Timeout.Infinite);
    }
}

using TypedDgram.Contracts;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>A synchronous handler that blocks the thread it runs on (the receive loop, or a queue's worker) until released.</summary>
public sealed partial class BlockingHandlers : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private int _calls;

    public TaskCompletionSource Entered { get; } = Wait.Source();

    public int Calls => Volatile.Read(ref _calls);

    public void Release() => _release.Set();

    public void Dispose() => _release.Set();

    [DatagramHandler]
    private void On(Work work)
    {
        Interlocked.Increment(ref _calls);
        Entered.TrySetResult();
        // Bounded, so a failing test cannot hang the run; long enough that every bound under test is shorter.
        _release.Wait(Wait.Timeout * 3);
    }
}

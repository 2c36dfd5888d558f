namespace TypedDgram.Sockets;

// What the library's tests and benchmarks observe of a socket's engines; nothing here is part of Node's API.
public sealed partial class DgramSocket
{
    /// <summary>The receive loop: completed before bind, and once the loop has ended after <c>Close</c>.</summary>
    internal Task Receiving => Volatile.Read(ref _receiveLoop)?.Completion ?? Task.CompletedTask;

    /// <summary>True while the receive loop reads (or, before bind, would read) with <c>recvmmsg</c> in a shared receive engine.</summary>
    internal bool ReceivingThroughRecvmmsg => Volatile.Read(ref _receiveLoop)?.UsesRecvmmsg ?? LinuxSyscalls.Available;

    /// <summary>True while sends go through <c>sendmmsg</c>: batching asked for, on 64-bit Linux, and not refused by the kernel.</summary>
    internal bool BatchingSends => _sendQueue.BatchingSends;

    /// <summary>Completes once every event and callback posted so far has run (what "nothing else happened" waits on).</summary>
    internal Task WhenEventsDelivered() => Task.WhenAll(_events.WhenDelivered(), _errors.WhenIdle());

    /// <summary>How many errors were dropped because <see cref="ErrorLane.Capacity"/> were already waiting for <see cref="Error"/>.</summary>
    internal long DroppedErrors => _errors.Dropped;

    /// <summary>Test hook: from now on, <c>sendmmsg</c> and <c>recvmmsg</c> answer ENOSYS as on a kernel without them.</summary>
    internal void SimulateMissingBatchCalls()
    {
        _simulateMissingBatchCalls = true;
        _sendQueue.SimulateMissingBatchCalls();
        if (Volatile.Read(ref _receiveLoop) is PolledReceiveLoop engineLoop)
        {
            engineLoop.SimulateMissingBatchCalls = true;
        }
    }
}

using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// One datagram the <see cref="PublishQueue"/> handed to its sender and has not heard back about: how many publications
/// and queued bytes it carries, and the <c>PublishAsync</c> callers waiting for it. Reused (with its callback delegate)
/// so that handing a datagram over allocates nothing of the queue's own.
/// </summary>
internal sealed class InFlightSend
{
    private readonly PublishQueue _owner;

    public InFlightSend(PublishQueue owner)
    {
        _owner = owner;
        Callback = OnSent;
    }

    /// <summary>The send callback given to the transport, created once per instance.</summary>
    public SendCallback Callback { get; }

    /// <summary>The publications the datagram carries.</summary>
    public int Publications { get; private set; }

    /// <summary>The bytes the back-pressure bound charged for it.</summary>
    public long Bytes { get; private set; }

    /// <summary>The callers of <c>PublishAsync</c> whose publications it carries, if any.</summary>
    public TaskCompletionSource? Waiter { get; private set; }

    public InFlightSend Start(int publications, long bytes, TaskCompletionSource? waiter)
    {
        (Publications, Bytes, Waiter) = (publications, bytes, waiter);
        return this;
    }

    private void OnSent(DgramException? error, int bytes) => _owner.OnSent(this, error);
}

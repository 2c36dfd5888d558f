using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>One subscription to the publications of contract <typeparamref name="T"/> on a bus.</summary>
internal interface ISubscriber<T>
{
    /// <summary>
    /// Hands over one publication; called on the receive loop, never concurrently with itself. <paramref name="cost"/> is
    /// the estimated bytes the message holds: what decoding it allocated (<see cref="Contracts.DatagramReadContext.Allocated"/>)
    /// plus its contract datagram's size, for a subscriber that keeps messages to bound what it keeps.
    /// </summary>
    void Deliver(T message, RemoteInfo from, long cost);

    /// <summary>The bus is closing: no more publications will come.</summary>
    void End();
}

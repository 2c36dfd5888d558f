using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>One subscription to the publications of contract <typeparamref name="T"/> on a bus.</summary>
internal interface ISubscriber<T>
{
    /// <summary>Hands over one publication; called on the receive loop, never concurrently with itself.</summary>
    void Deliver(T message, RemoteInfo from);

    /// <summary>The bus is closing: no more publications will come.</summary>
    void End();
}

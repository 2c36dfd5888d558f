using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// What a bus publishes through and receives from: a multicast group's two sockets (<see cref="MulticastLink"/>), or a
/// broker connection (TypedDgram.Nats). The bus's header check, sequence counting, stats and delivery are the same
/// code over every link, because a publication's bytes are the same on every link (docs/wire-format.md, section 7).
/// </summary>
internal interface IBusLink : IAsyncDisposable
{
    /// <summary>Where publications arrive: the bus adds its receive hook here.</summary>
    IDatagramTransport Receiver { get; }

    /// <summary>Where publications are sent from.</summary>
    IDatagramTransport Sender { get; }

    /// <summary>
    /// The link's own failures (a socket error, a lost connection), raised on any thread; the bus passes them on to
    /// its <c>Error</c>.
    /// </summary>
    event Action<Exception>? Error;

    /// <summary>Where a publication of the contract with type id <paramref name="typeId"/> goes: the group and port, or a subject.</summary>
    TransportDestination DestinationOf(uint typeId);

    /// <summary>
    /// Where frames that carry publications but no one contract go (batches and fragments: docs/wire-format.md
    /// section 7): the group and port, or the bus's control subject. Like a publication, such a frame reaches one
    /// member of a NATS queue group.
    /// </summary>
    TransportDestination ControlDestination { get; }

    /// <summary>
    /// Where frames go that every bus of the link must see, whatever share of the publications it takes (heartbeats,
    /// NAKs, history requests; <see cref="FrameRouting"/>): on a multicast group the group itself, the same as
    /// <see cref="ControlDestination"/>; on NATS a subject no queue group shares out.
    /// </summary>
    TransportDestination BroadcastDestination => ControlDestination;

    /// <summary>Where an error goes that no <c>Error</c> subscriber took (<see cref="Dgram.UnhandledError"/>, standard error).</summary>
    void ReportUnhandledError(Exception error);
}

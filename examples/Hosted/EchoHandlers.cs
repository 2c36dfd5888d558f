using Microsoft.Extensions.Logging;
using TypedDgram.Contracts;
using TypedDgram.Hosting;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace Hosted;

/// <summary>Resolved from DI with its dependencies; replies through the endpoint's socket.</summary>
public sealed partial class EchoHandlers(DatagramEndpoint<EchoHandlers> endpoint, TimeProvider clock, ILogger<EchoHandlers> logger)
{
    [DatagramHandler]
    private void On(Shout shout, RemoteInfo from)
    {
        logger.LogInformation("shout {Seq} from {Address}:{Port}", shout.Seq, from.Address, from.Port);
        endpoint.Socket.Send(new Echo(shout.Seq, shout.Text.ToUpperInvariant(), clock.GetUtcNow()), from.Port, from.Address);
    }
}

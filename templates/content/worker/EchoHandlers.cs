using Microsoft.Extensions.Logging;
using TypedDgram.Hosting;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgramWorker;

/// <summary>Resolved from DI with its dependencies; answers through the endpoint's socket.</summary>
public sealed partial class EchoHandlers(DatagramEndpoint<EchoHandlers> endpoint, ILogger<EchoHandlers> logger)
{
    [DatagramHandler]
    private void On(Shout shout, RemoteInfo from)
    {
        logger.LogInformation("shout {Text} from {Address}:{Port}", shout.Text, from.Address, from.Port);
        endpoint.Socket.Send(new Echo(shout.Text.ToUpperInvariant()), from.Port, from.Address);
    }
}

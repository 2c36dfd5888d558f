using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace RequestResponse;

/// <summary>Answers requests, but ignores the first copy of every third one, as a lossy network would lose it.</summary>
public sealed partial class LossyServer(DgramSocket socket)
{
    private readonly HashSet<long> _seen = [];

    [DatagramHandler]
    private void On(Request request, RemoteInfo from)
    {
        if (request.CorrelationId % 3 != 0 || !_seen.Add(request.CorrelationId))
        {
            socket.Send(new Response(request.CorrelationId, request.A + request.B), from.Port, from.Address);
        }
    }
}

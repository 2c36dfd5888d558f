using TypedDgram.Nats;
using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// The one place a peer chooses its bus: multicast (<c>group= port= interface= [key=HEX] [confidential=false] [reliable=false] [latejoin=false] [repair-deadline-ms=1000] [history-count=16384] [history-bytes=8388608]</c>), or NATS when <c>nats=URL</c> is
/// given (<c>bus=</c> names it, default <c>peer</c>); publishing and subscribing do not change. Either takes
/// <c>heartbeat-ms=</c> and <c>lease-ms=</c> (the liveliness options; default 1,000 and 3,000).
/// </summary>
internal static class PeerBus
{
    public static async Task<(ITypedBus Bus, string Where)> JoinAsync(PeerArgs args, string? source = null, int? recvBufferSize = null)
    {
        if (args.OptionalText("nats") is { } url)
        {
            var nats = await NatsBus.ConnectAsync(new NatsBusOptions
            {
                Url = url,
                Bus = args.OptionalText("bus") ?? "peer",
                HeartbeatPeriod = HeartbeatPeriod(args),
                LeaseDuration = LeaseDuration(args),
                // A client whose server died tries the next one quickly: the tests count what is lost meanwhile.
                ConfigureClient = client => client with { NoRandomize = true, ReconnectWaitMin = TimeSpan.FromMilliseconds(200), ReconnectWaitMax = TimeSpan.FromMilliseconds(400) },
            });
            return (nats, "port=0");
        }

        var multicast = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = args.Text("group"),
            Port = args.Number("port", 0),
            Interface = args.Text("interface"),
            Ttl = args.Number("ttl", 1),
            Loopback = args.Flag("loopback", true),
            Source = source,
            RecvBufferSize = recvBufferSize,
            Key = PeerKey.From(args),
            Confidential = args.Flag("confidential", false),
            HeartbeatPeriod = HeartbeatPeriod(args),
            LeaseDuration = LeaseDuration(args),
            Reliability = args.Flag("reliable", false) ? ReliabilityMode.Reliable : ReliabilityMode.BestEffort,
            LateJoin = args.Flag("latejoin", false),
            Repair = new RepairOptions { RepairDeadline = TimeSpan.FromMilliseconds(args.Number("repair-deadline-ms", 1000)) },
            History = new HistoryOptions { Count = args.Number("history-count", HistoryOptions.DefaultCount), Bytes = args.Number("history-bytes", HistoryOptions.DefaultBytes) },
        });
        return (multicast, $"port={multicast.Port}");
    }

    private static TimeSpan HeartbeatPeriod(PeerArgs args) => TimeSpan.FromMilliseconds(args.Number("heartbeat-ms", 1000));

    private static TimeSpan LeaseDuration(PeerArgs args) => TimeSpan.FromMilliseconds(args.Number("lease-ms", 3000));
}

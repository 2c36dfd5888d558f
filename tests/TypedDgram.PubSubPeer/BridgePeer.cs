using TypedDgram.Nats;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>bridge group= port= interface= nats= [bus=peer]</c>: a <see cref="NatsBridge"/> between the group and the NATS bus.
/// Commands: <c>stats</c> prints <c>bridge to-nats= to-multicast= loops-stopped= malformed=</c>; <c>quit</c>.
/// </summary>
internal static class BridgePeer
{
    public static async Task<int> RunAsync(PeerArgs args)
    {
        await using var bridge = await NatsBridge.StartAsync(new NatsBridgeOptions
        {
            Group = args.Text("group"),
            Port = args.Number("port", 0),
            Interface = args.Text("interface"),
            Nats = new NatsBusOptions { Url = args.Text("nats"), Bus = args.OptionalText("bus") ?? "peer" },
        });
        Console.WriteLine($"ready port={bridge.MulticastPort}");
        while (Console.ReadLine() is { } line && line != "quit")
        {
            var s = bridge.Stats;
            Console.WriteLine($"bridge to-nats={s.ToNats} to-multicast={s.ToMulticast} loops-stopped={s.LoopsStopped} malformed={s.Malformed}");
        }

        return 0;
    }
}

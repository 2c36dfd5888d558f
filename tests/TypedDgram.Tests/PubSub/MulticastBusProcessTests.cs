namespace TypedDgram.Tests.PubSub;

/// <summary>Across processes on one host: a publisher process and two subscriber processes on loopback.</summary>
public class MulticastBusProcessTests
{
    private const int Burst = 1000;
    private const int Rate = 2000;

    [Fact]
    public async Task Two_subscriber_processes_each_get_every_publication_of_a_paced_burst_with_exact_counts()
    {
        var group = Loopback.NewGroup();
        var (first, ready) = await PeerProcess.StartAsync(null, "subscribe", $"group={group}", "port=0", $"interface={Loopback.Interface}");
        await using var firstSubscriber = first;
        var port = PeerProcess.Port(ready);
        var (second, _) = await PeerProcess.StartAsync(null, "subscribe", $"group={group}", $"port={port}", $"interface={Loopback.Interface}");
        await using var secondSubscriber = second;
        var (publisher, _) = await PeerProcess.StartAsync(null, "publish", $"group={group}", $"port={port}", $"interface={Loopback.Interface}");
        await using var publisherPeer = publisher;

        publisher.Send($"send {Burst} {Rate}");
        await publisher.ExpectAsync("sent");

        foreach (var subscriber in new[] { first, second })
        {
            var expected = $"delivered={Burst} received={Burst} lost=0 duplicated=0 reordered=0 stale=0 malformed=0 unhandled=0 dropped=0 publishers=1";
            Assert.Equal(expected, PeerProcess.Pick(await subscriber.StatsAsync(Burst), expected));
        }
    }
}

using NATS.Client.Core;
using TypedDgram.PubSub;
using Xunit.Abstractions;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// Three real nats-servers routed into one cluster on 127.0.0.1 (each with its own client and cluster ports): buses
/// on different servers get every publication, and a server killed with SIGKILL moves its clients to another while
/// the subscribers' counters say what was lost in between.
/// </summary>
public sealed class NatsClusterTests(ITestOutputHelper output)
{
    private const int Phase = 300;

    [SkippableFact]
    public async Task Buses_on_different_servers_get_everything_and_count_what_a_killed_server_lost()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        int[] ports = [NatsServer.FreePort(), NatsServer.FreePort(), NatsServer.FreePort()];
        int[] clusterPorts = [NatsServer.FreePort(), NatsServer.FreePort(), NatsServer.FreePort()];
        var servers = new List<NatsServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                servers.Add(await NatsServer.StartAsync(ports[i], clusterPorts[i], clusterPorts.Where((_, j) => j != i)));
            }

            foreach (var server in servers)
            {
                await server.WaitForRoutesAsync(2);
            }

            // Each bus lists its own server first and is told not to shuffle, so it starts where the test says.
            NatsBusOptions On(int first) => new()
            {
                Url = string.Join(',', Enumerable.Range(0, 3).Select(k => servers[(first + k) % 3].Url)),
                Bus = "cluster",
                ConfigureClient = client => client with { NoRandomize = true, ReconnectWaitMin = TimeSpan.FromMilliseconds(200), ReconnectWaitMax = TimeSpan.FromMilliseconds(400) },
            };

            await using var publisher = await NatsBus.ConnectAsync(On(0));
            await using var steady = await NatsBus.ConnectAsync(On(1));
            await using var moved = await NatsBus.ConnectAsync(On(2));
            using var steadyInbox = new Inbox<Quote>(steady);
            using var movedInbox = new Inbox<Quote>(moved);
            await Task.Delay(500); // interest crosses the routes asynchronously; there is no event for it

            var next = 0;
            next = await PublishAsync(publisher, next, Phase);
            Assert.Equal(Phase, (await steadyInbox.WaitForAsync(Phase)).Count);
            Assert.Equal(Phase, (await movedInbox.WaitForAsync(Phase)).Count);

            // The third server dies under its subscriber, which moves while publications go on.
            servers[2].Kill();
            var killed = next;
            next = await PublishAsync(publisher, next, Phase, paced: true);
            Assert.True(await Eventually.TrueAsync(() => moved.Connection.Reconnects == 1), $"the subscriber did not move: {moved.Connection}");

            // The publisher's own server dies; it moves too, keeping what it publishes meanwhile (Buffer).
            servers[0].Kill();
            next = await PublishAsync(publisher, next, Phase, paced: true);
            Assert.True(await Eventually.TrueAsync(() => publisher.Connection.Reconnects == 1), $"the publisher did not move: {publisher.Connection}");
            await Task.Delay(500);
            next = await PublishAsync(publisher, next, Phase);

            // Both have the last publication: every number before it was received or is counted lost, none twice.
            Assert.True(await Eventually.TrueAsync(() => Last(steadyInbox) == next - 1 && Last(movedInbox) == next - 1), $"the last publication did not arrive: steady {Last(steadyInbox)}, moved {Last(movedInbox)}");
            foreach (var (name, bus, inbox) in new[] { ("steady", steady, steadyInbox), ("moved", moved, movedInbox) })
            {
                var stats = bus.Stats;
                output.WriteLine($"{name}: {stats}; {bus.Connection}");
                Assert.Equal(next, stats.Received + stats.Lost);
                Assert.Equal(inbox.Count, stats.Received);
                Assert.Equal(0, stats.Duplicated);
                var missing = Enumerable.Range(0, next).Except(inbox.Items.Select(item => (int)item.Message.Cents)).Count();
                Assert.Equal(missing, stats.Lost);
            }

            // Only the subscriber whose server died can have lost anything in between, and only after it died.
            Assert.Equal(Enumerable.Range(0, killed), movedInbox.Items.Select(item => (int)item.Message.Cents).Take(killed));
            output.WriteLine($"publisher: {publisher.Connection}");
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static int Last(Inbox<Quote> inbox) => inbox.Items.Count == 0 ? -1 : (int)inbox.Items[^1].Message.Cents;

    // Bounded in count; paced at about 1,000 a second so that a reconnect happens in the middle of it.
    private static async Task<int> PublishAsync(NatsBus bus, int first, int count, bool paced = false)
    {
        for (var i = 0; i < count; i++)
        {
            await bus.PublishAsync(new Quote("ACME", first + i));
            if (paced && i % 10 == 9)
            {
                await Task.Delay(10);
            }
        }

        return first + count;
    }
}

using System.Diagnostics;
using System.Globalization;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>A publisher in another process (tests/TypedDgram.PubSubPeer) killed outright, and started again.</summary>
public class PublisherProcessLivelinessTests
{
    private const int LeaseMilliseconds = 1000;

    [Fact]
    public async Task A_publisher_process_killed_with_SIGKILL_is_reported_lost_and_its_restart_joins_as_a_new_publisher()
    {
        await using var subscriber = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = Loopback.NewGroup(),
            Interface = Loopback.Interface,
            HeartbeatPeriod = Timeout.InfiniteTimeSpan,
        });
        var log = new LivelinessLog(subscriber);
        string[] args = [$"group={subscriber.Group}", $"port={subscriber.Port}", $"interface={Loopback.Interface}", "heartbeat-ms=50", $"lease-ms={LeaseMilliseconds}"];

        var (first, ready) = await PeerProcess.StartAsync(null, "publish", args);
        var firstId = ulong.Parse(PeerProcess.PublisherId(ready), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        await using (first)
        {
            first.Send("send 5 1000");
            await first.ExpectAsync("sent");
            await log.WhenAsync(e => e.PublisherId == firstId);

            // Its heartbeat has told the subscriber its lease (1 s) before it dies.
            var heartbeat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            subscriber.HighestAnnounced += (id, _) =>
            {
                if (id == firstId)
                {
                    heartbeat.TrySetResult();
                }
            };
            await heartbeat.Task.Within();

            var killed = log.Count;
            var clock = Stopwatch.StartNew();
            await first.KillAsync();
            var lost = await log.WhenAsync(e => e.PublisherId == firstId && !e.Joined, from: killed);

            // Printed, not asserted: the tests are never timed. Expected: the lease (1,000 ms) plus a few ms.
            Console.WriteLine($"SIGKILL to PublisherLost: {clock.ElapsedMilliseconds} ms (lease {LeaseMilliseconds} ms)");
            Assert.Equal(PublisherLivelinessReason.LeaseExpired, lost.Reason);
            Assert.Equal((5L, 0L, false), (lost.Stats.Received, lost.Stats.Lost, lost.Stats.Alive));
        }

        var (second, secondReady) = await PeerProcess.StartAsync(null, "publish", args);
        await using (second)
        {
            var secondId = ulong.Parse(PeerProcess.PublisherId(secondReady), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            second.Send("send 2 1000");
            await second.ExpectAsync("sent");
            var joined = await log.WhenAsync(e => e.PublisherId == secondId);

            Assert.NotEqual(firstId, secondId);
            Assert.Equal(PublisherLivelinessReason.FirstPublication, joined.Reason);
            Assert.Equal(PublisherLivelinessReason.LeaseExpired, log.Of(firstId)[^1]);
            Assert.False(subscriber.Stats.Publishers.Single(p => p.PublisherId == firstId).Alive);
        }
    }
}

using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>When a bus sends heartbeats: its ticks are driven by hand (the timer is off), so nothing here waits.</summary>
public class HeartbeatSenderTests
{
    private readonly List<byte[]> _sent = [];
    private ulong _published;

    private HeartbeatSender Sender() => new(Timeout.InfiniteTimeSpan, 3000, () => _published, body =>
    {
        _sent.Add(body.ToArray());
        return true;
    });

    private (ulong Highest, long Lease) Last()
    {
        Assert.True(HeartbeatBody.TryRead(_sent[^1], out var highest, out var lease, out _));
        return (highest, lease);
    }

    private static void Tick(HeartbeatSender sender, int times)
    {
        for (var i = 0; i < times; i++)
        {
            sender.Tick();
        }
    }

    [Fact]
    public void A_bus_that_never_published_sends_no_heartbeat()
    {
        var sender = Sender();

        Tick(sender, 10);

        Assert.Empty(_sent);
    }

    [Fact]
    public void A_bus_idle_for_a_period_after_publishing_announces_its_highest_number_and_lease()
    {
        var sender = Sender();
        _published = 10;
        Tick(sender, 2);
        Assert.Empty(_sent);

        sender.Tick();

        Assert.Single(_sent);
        Assert.Equal((9UL, 3000L), Last());
        Assert.Equal(1, sender.Sent);
    }

    [Fact]
    public void An_idle_bus_sends_one_heartbeat_every_period()
    {
        var sender = Sender();
        _published = 1;
        Tick(sender, 3);

        Tick(sender, 6);

        Assert.Equal(4, _sent.Count);
    }

    [Fact]
    public void A_bus_publishing_every_half_period_sends_none()
    {
        var sender = Sender();
        for (var i = 0; i < 10; i++)
        {
            _published++;
            sender.Tick();
        }

        Assert.Empty(_sent);
    }

    [Fact]
    public void A_publication_restarts_the_idle_count()
    {
        var sender = Sender();
        _published = 1;
        Tick(sender, 3);
        _published = 5;

        Tick(sender, 2);
        Assert.Single(_sent);
        sender.Tick();

        Assert.Equal(2, _sent.Count);
        Assert.Equal((4UL, 3000L), Last());
    }

    [Fact]
    public void A_heartbeat_the_bus_could_not_send_is_not_counted()
    {
        var sender = new HeartbeatSender(Timeout.InfiniteTimeSpan, 3000, () => 1, _ => false);

        Tick(sender, 3);

        Assert.Equal(0, sender.Sent);
    }
}

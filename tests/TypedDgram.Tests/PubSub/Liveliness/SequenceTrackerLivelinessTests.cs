using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>
/// Joins, losses and heartbeats in a bus's sequence tracker. Leases are ended by handing <see cref="SequenceTracker.ExpireLeases"/>
/// a time beyond them, so nothing here waits.
/// </summary>
public class SequenceTrackerLivelinessTests
{
    private const ulong A = 0x1111111111111111;
    private const ulong B = 0x2222222222222222;
    private const long Lease = 60_000;

    private readonly LivelinessEvents _events = new();

    private SequenceTracker Tracker(bool authenticated = false, int maxPublishers = 16) =>
        new(maxPublishers, authenticated, Lease, _events);

    private List<PublisherLivelinessEventArgs> Raised()
    {
        var raised = new List<PublisherLivelinessEventArgs>();
        _events.Raise(raised.Add);
        return raised;
    }

    private static long Later => Environment.TickCount64 + Lease + 1;

    [Fact]
    public void A_first_publication_joins_its_publisher_with_its_stats()
    {
        var tracker = Tracker();

        tracker.Observe(A, 5);

        var joined = Assert.Single(Raised());
        Assert.Equal((A, PublisherLivelinessReason.FirstPublication, true), (joined.PublisherId, joined.Reason, joined.Joined));
        Assert.Equal((1L, 5UL, true), (joined.Stats.Received, joined.Stats.HighestSequence, joined.Stats.Alive));
        Assert.Equal(1, tracker.Snapshot(0, 0, 0).PublishersJoined);
    }

    [Fact]
    public void A_first_heartbeat_joins_its_publisher_without_counting_anything_received_or_lost()
    {
        var tracker = Tracker();

        Assert.Equal(HeartbeatVerdict.Believed, tracker.ObserveHeartbeat(A, 0, 41, 500, out var tailLost));

        var joined = Assert.Single(Raised());
        Assert.Equal(PublisherLivelinessReason.FirstHeartbeat, joined.Reason);
        var stats = Assert.Single(tracker.Snapshot(0, 0, 0).Publishers);
        Assert.Equal((0UL, 0L, 0L, 41UL, 1L, true), (tailLost, stats.Received, stats.Lost, stats.HighestSequence, stats.Heartbeats, stats.Alive));
    }

    [Fact]
    public void Later_publications_and_heartbeats_of_an_alive_publisher_raise_nothing()
    {
        var tracker = Tracker();
        tracker.Observe(A, 0);
        Raised();

        tracker.Observe(A, 1);
        tracker.ObserveHeartbeat(A, 0, 1, Lease, out _);

        Assert.Empty(Raised());
    }

    [Fact]
    public void A_publisher_not_heard_for_its_lease_is_lost_and_its_counts_are_kept()
    {
        var tracker = Tracker();
        tracker.Observe(A, 0);
        tracker.Observe(A, 2);
        Raised();

        Assert.Equal(long.MaxValue, tracker.ExpireLeases(Later));

        var lost = Assert.Single(Raised());
        Assert.Equal((A, PublisherLivelinessReason.LeaseExpired, false, false), (lost.PublisherId, lost.Reason, lost.Joined, lost.Stats.Alive));
        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal((2L, 1L, 1L, false), (stats.Publishers[0].Received, stats.Publishers[0].Lost, stats.PublishersLost, stats.Publishers[0].Alive));
    }

    [Fact]
    public void A_lease_still_running_is_not_ended_and_its_expiry_is_returned()
    {
        var tracker = Tracker();
        var before = Environment.TickCount64;
        tracker.Observe(A, 0);

        var next = tracker.ExpireLeases(Environment.TickCount64);

        Assert.InRange(next, before + Lease, Environment.TickCount64 + Lease);
        Assert.Single(Raised());
    }

    [Fact]
    public void The_lease_a_heartbeat_announces_replaces_the_subscribers_own()
    {
        var tracker = Tracker();
        tracker.ObserveHeartbeat(A, 0, 3, 100, out _);
        Raised();

        tracker.ExpireLeases(Environment.TickCount64 + 101);

        Assert.Equal(PublisherLivelinessReason.LeaseExpired, Assert.Single(Raised()).Reason);
    }

    [Fact]
    public void A_lost_publisher_heard_again_joins_again_where_its_counts_were()
    {
        var tracker = Tracker();
        tracker.Observe(A, 0);
        tracker.ExpireLeases(Later);
        Raised();

        tracker.Observe(A, 3);

        var again = Assert.Single(Raised());
        Assert.Equal((PublisherLivelinessReason.HeardAgain, 2L, 2L), (again.Reason, again.Stats.Received, again.Stats.Lost));
        Assert.Equal((2L, 1L), (tracker.Snapshot(0, 0, 0).PublishersJoined, tracker.Snapshot(0, 0, 0).PublishersLost));
    }

    [Fact]
    public void A_duplicate_does_not_bring_a_lost_publisher_back()
    {
        var tracker = Tracker();
        tracker.Observe(A, 0);
        tracker.ExpireLeases(Later);
        Raised();

        Assert.Equal(SequenceVerdict.Duplicate, tracker.Observe(A, 0));

        Assert.Empty(Raised());
        Assert.False(tracker.Snapshot(0, 0, 0).Publishers[0].Alive);
    }

    [Fact]
    public void A_heartbeat_counts_its_tail_loss_for_the_publisher_and_in_the_totals()
    {
        var tracker = Tracker();
        for (ulong n = 0; n < 7; n++)
        {
            tracker.Observe(A, n);
        }

        Assert.Equal(HeartbeatVerdict.Believed, tracker.ObserveHeartbeat(A, 0, 9, Lease, out var tailLost));

        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal(3UL, tailLost);
        Assert.Equal((3L, 3L, 1L), (stats.Lost, stats.TailLost, stats.HeartbeatsReceived));
        Assert.Equal((3L, 1L), (stats.Publishers[0].TailLost, stats.Publishers[0].Heartbeats));
    }

    [Fact]
    public void With_a_key_a_heartbeat_not_newer_than_the_last_believed_is_a_replay_and_renews_nothing()
    {
        var tracker = Tracker(authenticated: true);
        tracker.Observe(A, 0);
        tracker.ObserveHeartbeat(A, 4, 0, Lease, out _);
        tracker.ExpireLeases(Later);
        Raised();

        Assert.Equal(HeartbeatVerdict.Replayed, tracker.ObserveHeartbeat(A, 4, 9, Lease, out var replayed));
        Assert.Equal(HeartbeatVerdict.Replayed, tracker.ObserveHeartbeat(A, 2, 9, Lease, out _));

        Assert.Empty(Raised());
        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal((0UL, 0L, 1L, false), (replayed, stats.Lost, stats.HeartbeatsReceived, stats.Publishers[0].Alive));
        Assert.Equal(HeartbeatVerdict.Believed, tracker.ObserveHeartbeat(A, 5, 0, Lease, out _));
        Assert.Equal(PublisherLivelinessReason.HeardAgain, Assert.Single(Raised()).Reason);
    }

    [Fact]
    public void Without_a_key_a_heartbeat_beyond_the_window_is_distrusted_and_renews_nothing()
    {
        var tracker = Tracker();
        tracker.Observe(A, 0);
        tracker.ExpireLeases(Later);
        Raised();

        Assert.Equal(HeartbeatVerdict.Distrusted, tracker.ObserveHeartbeat(A, 0, ulong.MaxValue, Lease, out _));

        Assert.Empty(Raised());
        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal((0L, 0L, false), (stats.Lost, stats.HeartbeatsReceived, stats.Publishers[0].Alive));
    }

    [Fact]
    public void An_alive_publisher_forgotten_to_make_room_is_reported_lost_as_forgotten()
    {
        var tracker = Tracker(maxPublishers: 1);
        tracker.Observe(A, 0);
        Raised();

        tracker.Observe(B, 0);

        var raised = Raised();
        Assert.Equal(
            [(A, PublisherLivelinessReason.Forgotten), (B, PublisherLivelinessReason.FirstPublication)],
            raised.Select(e => (e.PublisherId, e.Reason)));
    }

    [Fact]
    public void Totals_keep_the_heartbeats_and_tail_loss_of_forgotten_publishers()
    {
        var tracker = Tracker(maxPublishers: 1);
        tracker.Observe(A, 0);
        tracker.ObserveHeartbeat(A, 0, 2, Lease, out _);

        tracker.Observe(B, 0);

        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal((2L, 1L, 2L, 1L), (stats.TailLost, stats.HeartbeatsReceived, stats.PublishersJoined, stats.PublishersLost));
    }
}

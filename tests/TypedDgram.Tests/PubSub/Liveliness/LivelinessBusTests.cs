using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>
/// Heartbeats, tail loss and liveliness between buses on loopback (issue 15). Periods and leases are short so that the
/// tests are quick, and every wait is for an event or a count with a generous bound: nothing here is timed.
/// </summary>
public class LivelinessBusTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private static MulticastOptions Options(string? group = null, int port = 0, TimeSpan? period = null, TimeSpan? lease = null, GroupKey? key = null) => new()
    {
        Group = group ?? Loopback.NewGroup(),
        Port = port,
        Interface = Loopback.Interface,
        HeartbeatPeriod = period ?? Period,
        LeaseDuration = lease ?? TimeSpan.FromSeconds(2),
        Key = key,
    };

    /// <summary>Polls <paramref name="condition"/> every 10 ms for at most <see cref="Loopback.Timeout"/>; fails with <paramref name="what"/>.</summary>
    private static async Task Until(Func<bool> condition, Func<string> what)
    {
        using var timeout = new CancellationTokenSource(Loopback.Timeout);
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {Loopback.Timeout} for {what()}");
            }

            await Task.Delay(10);
        }
    }

    private static PublisherStats Of(MulticastBus bus, ulong publisherId) => bus.Stats.Publishers.Single(p => p.PublisherId == publisherId);

    // For polling: the publisher may not have been heard yet.
    private static long HeartbeatsFrom(MulticastBus bus, ulong publisherId) =>
        bus.Stats.Publishers.SingleOrDefault(p => p.PublisherId == publisherId)?.Heartbeats ?? 0;

    [Fact]
    public async Task A_lost_last_publication_is_revealed_by_the_idle_publishers_heartbeat_and_counted_lost()
    {
        // The publisher's group reaches the subscriber's only through the relay, which drops publications 7, 8 and 9.
        await using var publisher = await MulticastBus.JoinAsync(Options());
        await using var subscriber = await MulticastBus.JoinAsync(Options(period: Timeout.InfiniteTimeSpan));
        await using var relay = await PublicationRelay.StartAsync(publisher.Group, publisher.Port, subscriber.Group, subscriber.Port, drop: n => n >= 7);
        var inbox = new Inbox<Tick>();
        using var subscription = subscriber.Subscribe<Tick>(inbox.Add);
        var announced = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.HighestAnnounced += (id, highest) =>
        {
            if (id == publisher.PublisherId)
            {
                announced.TrySetResult(highest);
            }
        };

        for (var i = 0; i < 10; i++)
        {
            await publisher.PublishAsync(new Tick("t", i));
        }

        Assert.Equal(9UL, await announced.Task.Within());
        var stats = Of(subscriber, publisher.PublisherId);
        Assert.Equal((7L, 3L, 3L, 9UL), (stats.Received, stats.Lost, stats.TailLost, stats.HighestSequence));
        Assert.Equal((3L, 3L), (subscriber.Stats.Lost, subscriber.Stats.TailLost));
        Assert.Equal(7, inbox.Messages.Count);
        Assert.Equal(3, relay.Dropped);
        Assert.True(publisher.Stats.HeartbeatsSent >= 1, publisher.Stats.ToString());
    }

    [Fact]
    public async Task A_publisher_is_joined_when_first_heard_and_lost_when_its_lease_expires_after_it_went_away()
    {
        await using var subscriber = await MulticastBus.JoinAsync(Options());
        var log = new LivelinessLog(subscriber);
        var publisher = await MulticastBus.JoinAsync(Options(subscriber.Group, subscriber.Port, lease: TimeSpan.FromSeconds(1)));
        var id = publisher.PublisherId;

        await publisher.PublishAsync(new Tick("t", 1));
        var joined = await log.WhenAsync(e => e.PublisherId == id);
        var disposed = log.Count;
        await publisher.DisposeAsync();
        var lost = await log.WhenAsync(e => e.PublisherId == id && !e.Joined, from: disposed);

        Assert.Equal(PublisherLivelinessReason.FirstPublication, joined.Reason);
        Assert.Equal((1L, true), (joined.Stats.Received, joined.Stats.Alive));
        Assert.Equal(PublisherLivelinessReason.LeaseExpired, lost.Reason);
        Assert.Equal((1L, false), (lost.Stats.Received, lost.Stats.Alive));
        Assert.False(Of(subscriber, id).Alive);

        // Joins and losses alternate, a join first and the loss last (a machine loaded enough to delay heartbeats past
        // the 1 s lease may add a loss and a join in between, which is what the lease is for).
        var reasons = log.Of(id);
        Assert.Equal(PublisherLivelinessReason.LeaseExpired, reasons[^1]);
        Assert.All(reasons.Chunk(2), pair => Assert.Equal(PublisherLivelinessReason.LeaseExpired, pair[1]));
        Assert.Equal(reasons.Count / 2, subscriber.Stats.PublishersLost);
    }

    [Fact]
    public async Task An_idle_publisher_stays_alive_through_its_heartbeats()
    {
        await using var subscriber = await MulticastBus.JoinAsync(Options());
        var log = new LivelinessLog(subscriber);
        await using var publisher = await MulticastBus.JoinAsync(Options(subscriber.Group, subscriber.Port, lease: TimeSpan.FromSeconds(2)));

        await publisher.PublishAsync(new Tick("t", 1));

        // Ten heartbeats span half a second or more of idling; each renews the 2 s lease it announces.
        await Until(() => HeartbeatsFrom(subscriber, publisher.PublisherId) >= 10, () => $"10 heartbeats: {subscriber.Stats}");
        Assert.True(Of(subscriber, publisher.PublisherId).Alive);
        Assert.Equal([PublisherLivelinessReason.FirstPublication], log.Of(publisher.PublisherId));
    }

    [Fact]
    public async Task A_subscriber_that_joins_after_the_publisher_went_idle_learns_of_it_from_its_heartbeat()
    {
        await using var publisher = await MulticastBus.JoinAsync(Options());
        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(new Tick("t", i));
        }

        // The subscriber's group hears the publisher's only once the relay starts, after the log listens: no event is missed.
        await using var subscriber = await MulticastBus.JoinAsync(Options(period: Timeout.InfiniteTimeSpan));
        var log = new LivelinessLog(subscriber);
        await using var relay = await PublicationRelay.StartAsync(publisher.Group, publisher.Port, subscriber.Group, subscriber.Port, drop: _ => false);

        var joined = await log.WhenAsync(e => e.PublisherId == publisher.PublisherId);

        Assert.Equal(PublisherLivelinessReason.FirstHeartbeat, joined.Reason);
        Assert.Equal((0L, 0L, 2UL, true), (joined.Stats.Received, joined.Stats.Lost, joined.Stats.HighestSequence, joined.Stats.Alive));
    }

    [Fact]
    public async Task A_bus_that_never_published_sends_no_heartbeat_and_is_not_a_publisher_to_others()
    {
        await using var quiet = await MulticastBus.JoinAsync(Options());
        await using var publisher = await MulticastBus.JoinAsync(Options(quiet.Group, quiet.Port));
        await publisher.PublishAsync(new Tick("t", 1));

        // The publisher's heartbeats reach the quiet bus: by then the quiet one had as long to send its own.
        await Until(() => quiet.Stats.HeartbeatsReceived >= 3, () => $"3 heartbeats: {quiet.Stats}");

        Assert.Equal(0, quiet.Stats.HeartbeatsSent);
        Assert.DoesNotContain(publisher.Stats.Publishers, p => p.PublisherId == quiet.PublisherId);
    }

    [Fact]
    public async Task With_a_key_a_replayed_heartbeat_is_rejected_and_never_brings_a_lost_publisher_back()
    {
        var key = KeyedFrames.Key(1);
        await using var subscriber = await MulticastBus.JoinAsync(Options(key: key));
        var log = new LivelinessLog(subscriber);
        var heartbeats = new List<byte[]>();
        await using var tap = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
        tap.Message += (datagram, _) =>
        {
            // A version 2 frame of kind 2: fixarray 9, "TDGP", 2, 2.
            if (datagram is [0x99, _, _, _, _, _, 0x02, 0x02, ..])
            {
                lock (heartbeats)
                {
                    heartbeats.Add(datagram);
                }
            }
        };
        await tap.BindAsync(subscriber.Port, subscriber.Group);
        tap.AddMembership(subscriber.Group, Loopback.Interface);
        var publisher = await MulticastBus.JoinAsync(Options(subscriber.Group, subscriber.Port, lease: TimeSpan.FromSeconds(1), key: key));
        var id = publisher.PublisherId;
        await publisher.PublishAsync(new Tick("t", 1));
        await Until(() => HeartbeatsFrom(subscriber, id) >= 2, () => $"2 heartbeats: {subscriber.Stats}");
        var disposed = log.Count;
        await publisher.DisposeAsync();
        await log.WhenAsync(e => e.PublisherId == id && !e.Joined, from: disposed);
        var lost = log.Count;
        var believed = Of(subscriber, id).Heartbeats;
        var rejectedBefore = subscriber.Stats.Rejected;
        byte[][] captured;
        lock (heartbeats)
        {
            captured = [.. heartbeats];
        }

        await using var attacker = await Loopback.RawSenderAsync();
        foreach (var heartbeat in captured)
        {
            await attacker.SendAsync(heartbeat, subscriber.Port, subscriber.Group);
        }

        await Until(() => subscriber.Stats.Rejected - rejectedBefore >= captured.Length, () => $"{captured.Length} rejected: {subscriber.Stats}");
        Assert.NotEmpty(captured);
        Assert.Equal(believed, Of(subscriber, id).Heartbeats);
        Assert.False(Of(subscriber, id).Alive);
        Assert.Equal(lost, log.Count);
    }

    [Fact]
    public async Task Without_a_key_a_forged_heartbeat_announcing_a_far_number_counts_no_loss()
    {
        await using var subscriber = await MulticastBus.JoinAsync(Options(period: Timeout.InfiniteTimeSpan));
        var inbox = new Inbox<Tick>();
        using var subscription = subscriber.Subscribe<Tick>(inbox.Add);
        await using var raw = await Loopback.RawSenderAsync();
        const ulong Genuine = 0x0123_4567_89AB_CDEF;
        for (ulong n = 0; n < 5; n++)
        {
            await raw.SendAsync(Loopback.Publication(Genuine, n, new Tick("genuine", (long)n)), subscriber.Port, subscriber.Group);
        }

        foreach (var far in new[] { ulong.MaxValue, 4UL + PublisherSequence.Window + 1, 1UL << 40 })
        {
            await raw.SendAsync(Heartbeat(Genuine, frameSequence: 0, far, lease: 1000), subscriber.Port, subscriber.Group);
        }

        // A publication after them: once it is delivered, the heartbeats before it were read.
        await raw.SendAsync(Loopback.Publication(Genuine, 5, new Tick("genuine", 5)), subscriber.Port, subscriber.Group);
        await inbox.WhenCount(6);

        var stats = Of(subscriber, Genuine);
        Assert.Equal((6L, 0L, 0L, 0L, 5UL), (stats.Received, stats.Lost, stats.TailLost, stats.Heartbeats, stats.HighestSequence));
        Assert.Equal(0, subscriber.Stats.Lost);
    }

    [Fact]
    public async Task Without_a_key_a_heartbeat_within_the_window_counts_its_tail_lost_and_a_late_publication_is_taken_back_off()
    {
        await using var subscriber = await MulticastBus.JoinAsync(Options(period: Timeout.InfiniteTimeSpan));
        var inbox = new Inbox<Tick>();
        using var subscription = subscriber.Subscribe<Tick>(inbox.Add);
        await using var raw = await Loopback.RawSenderAsync();
        const ulong Publisher = 0x0123_4567_89AB_CDEF;
        await raw.SendAsync(Loopback.Publication(Publisher, 0, new Tick("p", 0)), subscriber.Port, subscriber.Group);

        await raw.SendAsync(Heartbeat(Publisher, frameSequence: 0, highest: 2, lease: 1000), subscriber.Port, subscriber.Group);
        await raw.SendAsync(Loopback.Publication(Publisher, 2, new Tick("p", 2)), subscriber.Port, subscriber.Group);
        await inbox.WhenCount(2);

        var stats = Of(subscriber, Publisher);
        Assert.Equal((2L, 1L, 2L, 1L, 1L), (stats.Received, stats.Lost, stats.TailLost, stats.Reordered, stats.Heartbeats));
    }

    [Theory]
    [InlineData(5, 3000, "HeartbeatPeriod")]
    [InlineData(7_200_000, 30_000_000, "HeartbeatPeriod")]
    [InlineData(1000, 1999, "LeaseDuration")]
    [InlineData(1000, 5_000_000_000, "LeaseDuration")]
    public async Task Heartbeat_period_and_lease_out_of_range_throw_ERR_OUT_OF_RANGE_naming_the_option(long periodMs, long leaseMs, string option)
    {
        var options = Options(period: TimeSpan.FromMilliseconds(periodMs), lease: TimeSpan.FromMilliseconds(leaseMs));

        var error = await Assert.ThrowsAsync<DgramException>(() => MulticastBus.JoinAsync(options));

        Assert.Equal("ERR_OUT_OF_RANGE", error.Code);
        Assert.Contains($"\"{option}\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A version 3 heartbeat frame, as a bus without a key sends it.</summary>
    internal static byte[] Heartbeat(ulong publisherId, ulong frameSequence, ulong highest, long lease)
    {
        var buffer = new byte[PlainFrame.MaxHeaderLength + HeartbeatBody.MaxLength];
        var length = PlainFrame.WriteHeader(buffer, FrameKind.Heartbeat, publisherId, frameSequence);
        length += HeartbeatBody.Write(buffer.AsSpan(length), highest, lease);
        return buffer[..length];
    }
}

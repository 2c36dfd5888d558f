using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>A heartbeat's announcement in a publisher's sequence accounting: tail loss, counted as a later publication would.</summary>
public class PublisherSequenceAnnounceTests
{
    private const ulong Id = 0xA1B2C3D4E5F60718;

    private static PublisherSequence Received(ulong upTo, bool authenticated = false)
    {
        var publisher = new PublisherSequence(Id, 0, authenticated);
        for (ulong n = 1; n <= upTo; n++)
        {
            publisher.Observe(n);
        }

        return publisher;
    }

    [Fact]
    public void Announcing_numbers_never_received_counts_them_lost_and_as_tail_loss()
    {
        var p = Received(upTo: 6);

        Assert.True(p.TryAnnounce(9, out var tailLost));

        Assert.Equal(3UL, tailLost);
        Assert.Equal((7L, 3L, 3L, 9UL), (p.Received, p.Lost, p.TailLost, p.Highest));
    }

    [Fact]
    public void Announcing_what_was_received_counts_nothing()
    {
        var p = Received(upTo: 6);

        Assert.True(p.TryAnnounce(6, out var same));
        Assert.True(p.TryAnnounce(2, out var older));

        Assert.Equal((0UL, 0UL), (same, older));
        Assert.Equal((0L, 0L, 6UL), (p.Lost, p.TailLost, p.Highest));
    }

    [Fact]
    public void A_publication_arriving_after_its_announcement_is_delivered_and_taken_off_lost_once()
    {
        var p = Received(upTo: 6);
        p.TryAnnounce(9, out _);

        Assert.Equal(SequenceVerdict.Reordered, p.Observe(8));
        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(8));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(10));

        Assert.Equal((9L, 2L, 3L), (p.Received, p.Lost, p.TailLost));
    }

    [Fact]
    public void A_later_publication_does_not_count_announced_numbers_lost_twice()
    {
        var p = Received(upTo: 6);
        p.TryAnnounce(9, out _);

        p.Observe(12);

        Assert.Equal((5L, 3L), (p.Lost, p.TailLost));
    }

    [Fact]
    public void Without_a_key_an_announcement_beyond_the_window_is_not_believed_and_changes_nothing()
    {
        var p = Received(upTo: 6);

        Assert.False(p.TryAnnounce(ulong.MaxValue, out var far));
        Assert.False(p.TryAnnounce(6 + PublisherSequence.Window + 1, out var justBeyond));

        Assert.Equal((0UL, 0UL), (far, justBeyond));
        Assert.Equal((0L, 0L, 6UL), (p.Lost, p.TailLost, p.Highest));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(7));
    }

    [Fact]
    public void Without_a_key_heartbeats_beyond_the_window_never_resync_it()
    {
        var p = Received(upTo: 6);

        for (var i = 1; i <= PublisherSequence.ResyncAfter + 2; i++)
        {
            Assert.False(p.TryAnnounce(5000 + (ulong)i, out _));
        }

        Assert.Equal((0L, 6UL), (p.Lost, p.Highest));
    }

    [Fact]
    public void Without_a_key_an_announcement_at_the_edge_of_the_window_is_believed()
    {
        var p = Received(upTo: 6);

        Assert.True(p.TryAnnounce(6 + PublisherSequence.Window, out var tailLost));

        Assert.Equal((ulong)PublisherSequence.Window, tailLost);
    }

    [Fact]
    public void With_a_key_a_far_announcement_is_the_key_holders_own_and_is_believed()
    {
        var p = Received(upTo: 6, authenticated: true);

        Assert.True(p.TryAnnounce(5006, out var tailLost));

        Assert.Equal((5000UL, 5000L), (tailLost, p.Lost));
    }

    [Fact]
    public void A_publisher_first_heard_through_a_heartbeat_has_the_announced_number_as_baseline()
    {
        var p = PublisherSequence.FromAnnouncement(Id, 40);

        Assert.Equal((0L, 0L, 40UL), (p.Received, p.Lost, p.Highest));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(43));
        Assert.Equal(2L, p.Lost);
        Assert.Equal(SequenceVerdict.Reordered, p.Observe(40));
        Assert.Equal((2L, 2L), (p.Received, p.Lost));
    }
}

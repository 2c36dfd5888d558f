using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// What forged sequence numbers can and cannot do to one publisher's accounting without a key (the resync rule of
/// <see cref="PublisherSequence"/>), and how a keyed publisher's accounting treats replays.
/// </summary>
public class PublisherSequenceAttackTests
{
    private const ulong Id = 0xA1B2C3D4E5F60718;
    private const ulong Window = PublisherSequence.Window;

    private static PublisherSequence Through(ulong last, bool authenticated = false)
    {
        var publisher = new PublisherSequence(Id, 0, authenticated);
        for (ulong n = 1; n <= last; n++)
        {
            publisher.Observe(n);
        }

        return publisher;
    }

    [Theory]
    [InlineData(Window + 1)]
    [InlineData(3000)]
    [InlineData(ulong.MaxValue - 100)]
    public void One_publication_beyond_the_window_ahead_is_held_back_and_moves_nothing(ulong ahead)
    {
        var p = Through(100);

        Assert.Equal(SequenceVerdict.Stale, p.Observe(100 + ahead));

        Assert.Equal(100UL, p.Highest);
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(101));
        Assert.Equal((0L, 1L), (p.Lost, p.Stale));
    }

    [Fact]
    public void A_jump_of_exactly_the_window_is_still_believed()
    {
        var p = Through(100);

        Assert.Equal(SequenceVerdict.Accepted, p.Observe(100 + Window));
    }

    [Fact]
    public void Genuine_publisher_back_after_a_long_outage_is_delivered_again_from_its_third_publication()
    {
        var p = Through(100);

        Assert.Equal(SequenceVerdict.Stale, p.Observe(5000));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(5001));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(5002));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(5003));

        Assert.Equal(5003UL, p.Highest);
        Assert.Equal(5002 - 100 - 1, p.Lost);
    }

    [Fact]
    public void Repeating_one_far_number_never_moves_the_window()
    {
        var p = Through(100);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SequenceVerdict.Stale, p.Observe(ulong.MaxValue));
        }

        Assert.Equal(100UL, p.Highest);
    }

    [Fact]
    public void A_genuine_publication_in_between_resets_the_held_ones()
    {
        var p = Through(100);

        p.Observe(9000);
        p.Observe(9001);
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(101));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(9002));

        Assert.Equal(101UL, p.Highest);
    }

    [Fact]
    public void After_a_forged_burst_moved_the_window_the_genuine_publisher_gets_it_back_with_its_counts_and_history()
    {
        var p = Through(100);
        p.Observe(ulong.MaxValue - 2);
        p.Observe(ulong.MaxValue - 1);
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(ulong.MaxValue));

        // The genuine publisher goes on: two held back, then the window is back where it was, with its lost count.
        Assert.Equal(SequenceVerdict.Stale, p.Observe(101));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(102));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(103));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(104));

        Assert.Equal(104UL, p.Highest);
        Assert.Equal(2, p.Lost);

        // What it delivered before the forgery stays delivered once.
        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(50));
    }

    [Fact]
    public void Replaying_three_old_publications_after_a_forged_burst_delivers_none_of_them_again()
    {
        var p = Through(100);
        p.Observe(ulong.MaxValue - 2);
        p.Observe(ulong.MaxValue - 1);
        p.Observe(ulong.MaxValue);

        Assert.Equal(SequenceVerdict.Stale, p.Observe(40));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(41));
        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(42));
    }

    [Fact]
    public void With_a_key_a_jump_is_believed_at_once()
    {
        var p = Through(100, authenticated: true);

        Assert.Equal(SequenceVerdict.Accepted, p.Observe(100_000));
        Assert.Equal(100_000UL - 100 - 1, (ulong)p.Lost);
    }

    [Fact]
    public void With_a_key_replays_and_numbers_far_behind_are_refused_without_touching_the_counts()
    {
        var p = Through(2000, authenticated: true);
        var before = p.Snapshot();

        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(1999));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(5));

        Assert.Equal(before, p.Snapshot());
    }
}

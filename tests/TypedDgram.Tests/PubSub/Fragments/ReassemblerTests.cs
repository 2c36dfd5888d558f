using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Fragments;

/// <summary>The reassembly rules of docs/wire-format.md, section 7, "Fragments", with the clock passed in (no waiting).</summary>
public class ReassemblerTests
{
    private const ulong Publisher = 0x0123456789ABCDEF;

    private static readonly ReassemblyLimits Limits = new(
        MaxPublicationSize: 1 << 20,
        MaxReassembliesPerPublisher: 4,
        MaxReassemblies: 64,
        MaxReassemblyBytes: 16 << 20,
        ReassemblyTimeout: TimeSpan.FromSeconds(3));

    private static byte[] Content(int length, int seed = 1) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed)).ToArray();

    private static FragmentOutcome Offer(Reassembler reassembler, ulong publication, byte[] content, int offset, int length, long now = 0, ulong publisher = Publisher) =>
        reassembler.Accept(publisher, new FragmentBody(publication, content.Length, offset, content.AsSpan(offset, length)), now, out _);

    private static (FragmentOutcome Outcome, ReassembledPublication Completed) OfferAll(Reassembler reassembler, ulong publication, byte[] content, int pieceLength, IEnumerable<int> order, long now = 0)
    {
        var outcome = FragmentOutcome.Added;
        ReassembledPublication completed = default;
        foreach (var index in order)
        {
            var offset = index * pieceLength;
            var body = new FragmentBody(publication, content.Length, offset, content.AsSpan(offset, Math.Min(pieceLength, content.Length - offset)));
            outcome = reassembler.Accept(Publisher, body, now, out var done);
            if (outcome == FragmentOutcome.Completed)
            {
                completed = done;
            }
        }

        return (outcome, completed);
    }

    private static int Pieces(int length, int pieceLength) => (length + pieceLength - 1) / pieceLength;

    [Fact]
    public void Fragments_in_order_complete_the_publication_once_with_its_bytes()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(10_000);

        var (outcome, completed) = OfferAll(reassembler, 7, content, 1_400, Enumerable.Range(0, Pieces(10_000, 1_400)));

        Assert.Equal(FragmentOutcome.Completed, outcome);
        Assert.Equal((Publisher, 7UL), (completed.PublisherId, completed.Publication));
        Assert.Equal(content, completed.ContractDatagram);
        Assert.Equal(FragmentStats.Empty with { Reassembled = 1 }, reassembler.Snapshot());
    }

    [Fact]
    public void Fragments_in_any_order_reassemble()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(100_000);
        var order = Enumerable.Range(0, Pieces(100_000, 1_000)).OrderBy(_ => Random.Shared.Next()).ToArray();

        var (outcome, completed) = OfferAll(reassembler, 1, content, 1_000, order);

        Assert.Equal(FragmentOutcome.Completed, outcome);
        Assert.Equal(content, completed.ContractDatagram);
    }

    [Fact]
    public void A_fragment_received_twice_is_a_duplicate_before_and_after_the_publication_completes()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(3_000);

        Assert.Equal(FragmentOutcome.Added, Offer(reassembler, 1, content, 0, 1_000));
        Assert.Equal(FragmentOutcome.Duplicate, Offer(reassembler, 1, content, 0, 1_000));
        Assert.Equal(FragmentOutcome.Duplicate, Offer(reassembler, 1, content, 200, 300));
        Assert.Equal(FragmentOutcome.Added, Offer(reassembler, 1, content, 1_000, 1_000));
        Assert.Equal(FragmentOutcome.Completed, Offer(reassembler, 1, content, 2_000, 1_000));
        Assert.Equal(FragmentOutcome.Duplicate, Offer(reassembler, 1, content, 1_000, 1_000));

        var stats = reassembler.Snapshot();
        Assert.Equal((1L, 3L, 0, 0L), (stats.Reassembled, stats.Duplicated, stats.Pending, stats.PendingBytes));
    }

    [Fact]
    public void A_claimed_total_above_MaxPublicationSize_is_dropped_without_holding_anything()
    {
        var reassembler = new Reassembler(Limits);

        var outcome = reassembler.Accept(Publisher, new FragmentBody(1, int.MaxValue, 0, new byte[100]), 0, out _);

        Assert.Equal(FragmentOutcome.TooLarge, outcome);
        Assert.Equal(FragmentStats.Empty with { TooLarge = 1 }, reassembler.Snapshot());
    }

    [Fact]
    public void A_fragment_ending_past_the_total_is_out_of_range()
    {
        var reassembler = new Reassembler(Limits);

        Assert.Equal(FragmentOutcome.OutOfRange, reassembler.Accept(Publisher, new FragmentBody(1, 1_000, 990, new byte[11]), 0, out _));
        Assert.Equal(FragmentOutcome.OutOfRange, reassembler.Accept(Publisher, new FragmentBody(1, 1_000, int.MaxValue, new byte[1]), 0, out _));
        Assert.Equal(2, reassembler.Snapshot().OutOfRange);
    }

    [Fact]
    public void A_fragment_claiming_another_total_than_the_first_is_inconsistent()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(2_000);
        Offer(reassembler, 1, content, 0, 1_000);

        var outcome = reassembler.Accept(Publisher, new FragmentBody(1, 3_000, 1_000, content.AsSpan(1_000, 1_000)), 0, out _);

        Assert.Equal(FragmentOutcome.Inconsistent, outcome);
        Assert.Equal(FragmentOutcome.Completed, Offer(reassembler, 1, content, 1_000, 1_000));
    }

    [Fact]
    public void Overlap_with_different_bytes_is_dropped_and_the_first_bytes_kept()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(2_000);
        var forged = Content(2_000, seed: 2);
        Offer(reassembler, 1, content, 0, 1_000);

        Assert.Equal(FragmentOutcome.Overlapping, Offer(reassembler, 1, forged, 500, 1_000));
        Assert.Equal(FragmentOutcome.Overlapping, Offer(reassembler, 1, forged, 999, 1));

        reassembler.Accept(Publisher, new FragmentBody(1, 2_000, 1_000, content.AsSpan(1_000)), 0, out var completed);
        Assert.Equal(content, completed.ContractDatagram);
        Assert.Equal(2, reassembler.Snapshot().Overlapping);
    }

    [Fact]
    public void Overlap_with_the_same_bytes_adds_what_is_new()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(2_000);
        Offer(reassembler, 1, content, 0, 1_200);

        Assert.Equal(FragmentOutcome.Completed, Offer(reassembler, 1, content, 800, 1_200));
    }

    [Fact]
    public void A_publication_not_whole_by_its_deadline_is_abandoned_and_its_memory_released()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(100_000);
        Offer(reassembler, 1, content, 0, 1_000, now: 1_000);
        Assert.Equal(1, reassembler.Snapshot().Pending);
        Assert.True(reassembler.Snapshot().PendingBytes >= 100_000);
        Assert.Equal(4_000, reassembler.NextDeadline);

        Assert.Equal(0, reassembler.Expire(3_999));
        Assert.Equal(1, reassembler.Expire(4_000));

        Assert.Equal(FragmentStats.Empty with { Abandoned = 1 }, reassembler.Snapshot());
        Assert.Null(reassembler.NextDeadline);
    }

    [Fact]
    public void A_fragment_after_the_deadline_expires_the_old_publications_first()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(2_000);
        Offer(reassembler, 1, content, 0, 1_000, now: 0);

        // Late: publication 1 was given up, so its second half starts it afresh (a repair in reliable mode would resend both).
        Assert.Equal(FragmentOutcome.Added, Offer(reassembler, 1, content, 1_000, 1_000, now: 3_000));

        var stats = reassembler.Snapshot();
        Assert.Equal((1L, 1), (stats.Abandoned, stats.Pending));
    }

    [Fact]
    public void A_publishers_newer_publication_pushes_out_its_own_oldest_beyond_its_limit()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(2_000);
        for (ulong publication = 0; publication < 4; publication++)
        {
            Offer(reassembler, publication, content, 0, 1_000);
        }

        Assert.Equal(FragmentOutcome.Added, Offer(reassembler, 4, content, 0, 1_000));

        // Publication 0 was given up: its second half starts it again (pushing out 1); publication 4 completes.
        Assert.Equal(FragmentOutcome.Completed, Offer(reassembler, 4, content, 1_000, 1_000));
        var stats = reassembler.Snapshot();
        Assert.Equal((1L, 1L, 3), (stats.Abandoned, stats.Reassembled, stats.Pending));
    }

    [Fact]
    public void Other_publishers_cannot_push_out_a_publication_in_progress_beyond_the_limit_in_all()
    {
        var reassembler = new Reassembler(Limits with { MaxReassemblies = 8 });
        var content = Content(2_000);
        Offer(reassembler, 1, content, 0, 1_000);
        for (ulong forged = 1; forged < 1_000; forged++)
        {
            Offer(reassembler, 1, content, 0, 1_000, publisher: forged);
        }

        Assert.Equal(FragmentOutcome.Completed, Offer(reassembler, 1, content, 1_000, 1_000));
        var stats = reassembler.Snapshot();
        Assert.Equal((992L, 7, 0L), (stats.NoRoom, stats.Pending, stats.Abandoned));
    }

    [Fact]
    public void Bytes_in_progress_never_exceed_MaxReassemblyBytes()
    {
        var limits = Limits with { MaxReassemblyBytes = (3 * Reassembly.MostCharged(1 << 20)) };
        var reassembler = new Reassembler(limits);
        for (ulong publisher = 0; publisher < 100; publisher++)
        {
            reassembler.Accept(publisher, new FragmentBody(1, 1 << 20, 0, new byte[1]), 0, out _);
            Assert.InRange(reassembler.Snapshot().PendingBytes, 0, limits.MaxReassemblyBytes);
        }

        var stats = reassembler.Snapshot();
        Assert.Equal((3, 97L), (stats.Pending, stats.NoRoom));
    }

    [Fact]
    public void Scattered_tiny_fragments_stop_at_the_range_limit()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(1 << 20);

        // Every other byte: each a range of its own, until the list would pass its bound.
        var outcomes = Enumerable.Range(0, Reassembly.MaxRanges + 10).Select(i => Offer(reassembler, 1, content, 2 * i, 1)).ToArray();

        Assert.All(outcomes[..Reassembly.MaxRanges], outcome => Assert.Equal(FragmentOutcome.Added, outcome));
        Assert.All(outcomes[Reassembly.MaxRanges..], outcome => Assert.Equal(FragmentOutcome.NoRoom, outcome));
        Assert.InRange(reassembler.Snapshot().PendingBytes, 0, Reassembly.MostCharged(1 << 20));

        // A fragment joining ranges is still taken: the genuine one filling a hole.
        Assert.Equal(FragmentOutcome.Added, Offer(reassembler, 1, content, 1, 1));
    }

    [Fact]
    public void A_publication_in_one_fragment_completes_at_once_and_holds_nothing()
    {
        var reassembler = new Reassembler(Limits);
        var content = Content(500);

        Assert.Equal(FragmentOutcome.Completed, Offer(reassembler, 9, content, 0, 500));
        Assert.Equal(0, reassembler.Snapshot().PendingBytes);
    }
}

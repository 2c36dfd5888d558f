using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Fragments;

/// <summary>
/// What reliable mode asks reassembly: the bytes a publication in progress lacks (what a fragment NAK names), and
/// giving one up when its number is; and the limits reassembly takes in reliable mode.
/// </summary>
public class ReassemblyMissingTests
{
    private const ulong Publisher = 0x0123456789ABCDEF;

    private static readonly ReassemblyLimits Limits = new(
        MaxPublicationSize: 1 << 20,
        MaxReassembliesPerPublisher: 4,
        MaxReassemblies: 64,
        MaxReassemblyBytes: 16 << 20,
        ReassemblyTimeout: TimeSpan.FromSeconds(3));

    private static readonly byte[] Content = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];

    private static void Offer(Reassembler reassembler, int offset, int length, ulong publication = 7) =>
        reassembler.Accept(Publisher, new FragmentBody(publication, Content.Length, offset, Content.AsSpan(offset, length)), 0, out _);

    [Fact]
    public void The_missing_bytes_are_the_gaps_between_what_arrived_and_before_and_after_it()
    {
        var reassembler = new Reassembler(Limits);
        Offer(reassembler, 100, 100);
        Offer(reassembler, 300, 100);
        Offer(reassembler, 400, 100);

        Assert.Equal([new FragmentSpan(0, 100), new FragmentSpan(200, 100), new FragmentSpan(500, 500)], reassembler.MissingOf(Publisher, 7));
    }

    [Fact]
    public void Nothing_is_missing_of_a_publication_not_in_progress()
    {
        var reassembler = new Reassembler(Limits);
        Offer(reassembler, 0, 500, publication: 8);
        Offer(reassembler, 500, 500, publication: 8);

        Assert.Null(reassembler.MissingOf(Publisher, 7));
        Assert.Null(reassembler.MissingOf(Publisher, 8));
        Assert.Null(reassembler.MissingOf(~Publisher, 8));
    }

    [Fact]
    public void A_publication_given_up_by_its_stream_is_released_and_counted_abandoned()
    {
        var reassembler = new Reassembler(Limits);
        Offer(reassembler, 0, 100);

        reassembler.GiveUp(Publisher, 7);
        reassembler.GiveUp(Publisher, 9);

        var stats = reassembler.Snapshot();
        Assert.Equal((Abandoned: 1L, Pending: 0, PendingBytes: 0L), (stats.Abandoned, stats.Pending, stats.PendingBytes));
        Assert.Null(reassembler.MissingOf(Publisher, 7));
    }

    [Fact]
    public void In_reliable_mode_reassembly_waits_a_repair_deadline_longer_and_a_publisher_may_have_16_in_progress()
    {
        var options = new MulticastOptions { Group = "239.255.0.1", Interface = Loopback.Interface, Reliability = ReliabilityMode.Reliable, Repair = new RepairOptions { RepairDeadline = TimeSpan.FromSeconds(2) } };

        var reliable = ReassemblyLimits.Of(options);
        var bestEffort = ReassemblyLimits.Of(new MulticastOptions { Group = "239.255.0.1", Interface = Loopback.Interface });

        Assert.Equal((TimeSpan.FromSeconds(5), 16), (reliable.ReassemblyTimeout, reliable.MaxReassembliesPerPublisher));
        Assert.Equal((TimeSpan.FromSeconds(3), 4), (bestEffort.ReassemblyTimeout, bestEffort.MaxReassembliesPerPublisher));
        Assert.Equal(8, ReassemblyLimits.Of(new MulticastOptions { Group = "239.255.0.1", Interface = Loopback.Interface, Reliability = ReliabilityMode.Reliable, MaxReassemblies = 8 }).MaxReassembliesPerPublisher);
    }
}

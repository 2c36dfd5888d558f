using System.Globalization;
using TypedDgram.PubSub;
using TypedDgram.Sockets;
using TypedDgram.Tests.Reliability;
using Xunit.Abstractions;

namespace TypedDgram.Tests.PubSub.Fragments;

/// <summary>
/// Hostile fragment streams at a bus without a key (anyone can send them): huge claimed totals, conflicting overlaps,
/// thousands of publisher ids each starting a publication, and publications never completed. Each attack is handed to
/// the receive hook as the loop would, measured (what the receive thread allocated, the managed heap after a full
/// collection, what reassembly is charged) and printed before its bound is asserted; docs/reliability.md ("Bounds under
/// attack") quotes the figures. Run alone: the heap is process-wide.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class FragmentAttackTests(ITestOutputHelper output)
{
    private const int MaxReassemblyBytes = 16 << 20;
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 41234, 0);

    // A 300 ms deadline, so that the never-completing attack is over soon; waited for with a generous bound.
    private static MulticastOptions Options() => new()
    {
        Group = Loopback.NewGroup(),
        Interface = Loopback.Interface,
        ReassemblyTimeout = TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public async Task Thousands_of_publisher_ids_each_claiming_a_1_MiB_publication_hold_at_most_MaxReassemblyBytes_until_the_deadline()
    {
        await using var bus = await MulticastBus.JoinAsync(Options());
        var attack = Enumerable.Range(1, 10_000)
            .Select(id => FragmentFrames.Frame((ulong)id, 0, new FragmentBody(0, 1 << 20, 0, new byte[1_000])))
            .ToArray();

        var (allocated, held) = Measure(bus, attack);

        var stats = bus.Stats.Fragments;
        Report("10,000 publisher ids each starting a 1 MiB publication", attack.Length, allocated, held, stats);
        Assert.InRange(stats.PendingBytes, 1, MaxReassemblyBytes);
        Assert.Equal(attack.Length - stats.Pending, stats.NoRoom);
        Assert.InRange(held, long.MinValue, MaxReassemblyBytes);
        await AssertReleasedAtTheDeadline(bus, stats.Pending);
    }

    [Fact]
    public async Task One_publisher_claiming_huge_totals_and_new_publications_holds_at_most_its_own_four()
    {
        await using var bus = await MulticastBus.JoinAsync(Options());
        var tooLarge = Enumerable.Range(0, 5_000)
            .Select(n => FragmentFrames.Frame(7, (ulong)n, new FragmentBody((ulong)n, int.MaxValue, 0, new byte[1_000])));
        var churn = Enumerable.Range(0, 5_000)
            .Select(n => FragmentFrames.Frame(7, (ulong)(5_000 + n), new FragmentBody((ulong)n, 1 << 20, 1 << 19, new byte[1_000])));
        var attack = tooLarge.Concat(churn).ToArray();

        var (allocated, held) = Measure(bus, attack);

        var stats = bus.Stats.Fragments;
        Report("one id: 5,000 claims of 2^31 - 1 bytes, then 5,000 new 1 MiB publications", attack.Length, allocated, held, stats);
        Assert.Equal((TooLarge: 5_000L, Pending: 4, Abandoned: 4_996L), (stats.TooLarge, stats.Pending, stats.Abandoned));
        Assert.InRange(stats.PendingBytes, 1, 4 * Reassembly.MostCharged(1 << 20));

        // Each churned publication allocated its page table and one page, never its claimed megabyte.
        Assert.InRange(allocated / (double)attack.Length, 0, 16 * 1024);
        await AssertReleasedAtTheDeadline(bus, 4);
    }

    [Fact]
    public async Task In_reliable_mode_one_publisher_churning_new_publications_holds_at_most_its_sixteen_until_the_longer_deadline()
    {
        // Reliable mode keeps a publisher's reassemblies for ReassemblyTimeout + RepairDeadline (a lost fragment can be
        // repaired) and allows it 16 in progress instead of 4: the bound an attacker without the key gets per id.
        var options = Options();
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = options.Group,
            Interface = options.Interface,
            ReassemblyTimeout = options.ReassemblyTimeout,
            Reliability = ReliabilityMode.Reliable,
            Repair = new RepairOptions { RepairDeadline = TimeSpan.FromMilliseconds(300) },
        });
        var attack = Enumerable.Range(0, 5_000)
            .Select(n => FragmentFrames.Frame(7, (ulong)n, new FragmentBody((ulong)n, 1 << 20, 1 << 19, new byte[1_000])))
            .ToArray();

        var (allocated, held) = Measure(bus, attack);

        var stats = bus.Stats.Fragments;
        Report("reliable mode, one id: 5,000 new 1 MiB publications, never completed", attack.Length, allocated, held, stats);
        Assert.InRange(stats.Pending, 1, ReassemblyLimits.ReliablePerPublisher);
        Assert.InRange(stats.PendingBytes, 1, ReassemblyLimits.ReliablePerPublisher * Reassembly.MostCharged(1 << 20));
        Assert.InRange(allocated / (double)attack.Length, 0, 16 * 1024);
        Assert.InRange(held, long.MinValue, ReassemblyLimits.ReliablePerPublisher * Reassembly.MostCharged(1 << 20));
        await AssertReleasedAtTheDeadline(bus, stats.Pending);
    }

    [Fact]
    public async Task Conflicting_overlaps_and_inconsistent_totals_are_dropped_and_the_genuine_publication_is_delivered()
    {
        await using var bus = await MulticastBus.JoinAsync(Options());
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);
        var content = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        var genuine = FragmentFrames.Of(7, 0, new Blob(content));
        var contractLength = DatagramEnvelopeLength(content.Length);
        var forged = Enumerable.Range(0, 10_000).Select(n => n % 2 == 0
            ? FragmentFrames.Frame(7, 1_000 + (ulong)n, new FragmentBody(0, contractLength, (n * 7) % 900, new byte[200]))
            : FragmentFrames.Frame(7, 1_000 + (ulong)n, new FragmentBody(0, contractLength + 1, 0, new byte[200])));
        var attack = genuine.Take(1).Concat(forged).Concat(genuine.Skip(1)).ToArray();

        var (allocated, held) = Measure(bus, attack);

        var stats = bus.Stats.Fragments;
        Report("10,000 overlapping or inconsistent fragments into a genuine 50 KB publication", attack.Length, allocated, held, stats);
        Assert.Equal((Overlapping: 5_000L, Inconsistent: 5_000L, Reassembled: 1L), (stats.Overlapping, stats.Inconsistent, stats.Reassembled));
        Assert.Equal(content, Assert.Single(inbox.Messages).Payload);
    }

    [Fact]
    public async Task Scattered_one_byte_fragments_stop_at_the_range_limit()
    {
        await using var bus = await MulticastBus.JoinAsync(Options());
        var attack = Enumerable.Range(0, 20_000)
            .Select(n => FragmentFrames.Frame(7, (ulong)n, new FragmentBody(0, 1 << 20, 2 * n, [1])))
            .ToArray();

        var (allocated, held) = Measure(bus, attack);

        var stats = bus.Stats.Fragments;
        Report("20,000 one-byte fragments, every other byte of one 1 MiB publication", attack.Length, allocated, held, stats);
        Assert.Equal(20_000 - Reassembly.MaxRanges, stats.NoRoom);
        Assert.InRange(stats.PendingBytes, 1, Reassembly.MostCharged(1 << 20));
        await AssertReleasedAtTheDeadline(bus, 1);
    }

    // The Blob envelope: fixarray, the uint 32 type id, a bin 16 or bin 32 header, the bytes.
    private static int DatagramEnvelopeLength(int payload) => 1 + 5 + (payload <= ushort.MaxValue ? 3 : 5) + payload;

    private static (long Allocated, long Held) Measure(MulticastBus bus, byte[][] attack)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var datagram in attack)
        {
            bus.OnDatagram(datagram, From with { Size = datagram.Length });
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        GC.KeepAlive(attack);
        return (allocated, GC.GetTotalMemory(forceFullCollection: true) - heapBefore);
    }

    private async Task AssertReleasedAtTheDeadline(MulticastBus bus, int pending)
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var deadline = DateTime.UtcNow + Loopback.Timeout;
        while (bus.Stats.Fragments.Pending > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"still {bus.Stats.Fragments.Pending} in progress after {Loopback.Timeout}");
            await Task.Delay(50);
        }

        var released = heapBefore - GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  after the deadline: {pending} abandoned, 0 bytes charged, heap {released / 1024.0 / 1024.0:F1} MiB smaller"));
        Assert.Equal(0, bus.Stats.Fragments.PendingBytes);
    }

    private void Report(string attack, int datagrams, long allocated, long held, FragmentStats stats) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{attack}: {datagrams:N0} datagrams, {allocated / (double)datagrams:N0} bytes allocated per datagram ({allocated / 1024.0 / 1024.0:F1} MiB in all), heap +{held / 1024.0 / 1024.0:F1} MiB, charged {stats.PendingBytes / 1024.0 / 1024.0:F2} MiB in {stats.Pending} publications; {stats}"));
}

using System.Text;
using TypedDgram.PubSub;
using TypedDgram.Sockets;
using TypedDgram.Tests.Reliability;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// A bus with a group key (issue 16): only publications whose tag verifies under an accepted key, and that are not
/// replays, are delivered; every attack of the issue is rejected, counted in <see cref="BusStats.Rejected"/>, and
/// changes no publisher's counts. The attacks are handed to the receive hook as the loop would; the same attacks over
/// the wire, across network namespaces, are in <see cref="AuthenticatedBusNamespaceTests"/>.
/// </summary>
public class AuthenticatedBusTests
{
    private const ulong Genuine = 0x0123_4567_89AB_CDEF;
    private static readonly GroupKey Key = KeyedFrames.Key(1);
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 41234, 0);

    private static MulticastOptions Keyed(string? group = null, int port = 0, GroupKey? key = null, IReadOnlyList<GroupKey>? accepted = null, bool confidential = false) =>
        new() { Group = group ?? Loopback.NewGroup(), Port = port, Interface = Loopback.Interface, Key = key, AcceptedKeys = accepted ?? [], Confidential = confidential };

    private static Task<MulticastBus> JoinKeyedAsync(GroupKey? key = null, IReadOnlyList<GroupKey>? accepted = null, bool confidential = false) =>
        MulticastBus.JoinAsync(Keyed(key: key ?? Key, accepted: accepted, confidential: confidential));

    private static byte[] Real(ulong sequence, bool confidential = false) =>
        KeyedFrames.Publication(Key, Genuine, sequence, new Tick("real", (long)sequence), confidential);

    /// <summary>A keyed bus that has delivered genuine publications 0–9, and what it delivers from then on.</summary>
    private static async Task<(MulticastBus Bus, List<Tick> Delivered, IDisposable Subscription, PublisherStats Before)> EstablishedAsync(bool confidential = false)
    {
        var bus = await JoinKeyedAsync();
        var delivered = new List<Tick>();
        var subscription = bus.Subscribe<Tick>((tick, _) => delivered.Add(tick));
        for (ulong n = 0; n < 10; n++)
        {
            bus.OnDatagram(Real(n, confidential), From);
        }

        return (bus, delivered, subscription, bus.Stats.Publishers.Single());
    }

    private static void AssertUntouched(MulticastBus bus, PublisherStats before, long rejected)
    {
        var stats = bus.Stats;
        Assert.Equal(before, stats.Publishers.Single());
        Assert.Equal((Rejected: rejected, Malformed: 0L), (stats.Rejected, stats.Malformed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publications_under_the_group_key_reach_keyed_subscribers(bool confidential)
    {
        await using var publisher = await JoinKeyedAsync(confidential: confidential);
        await using var subscriber = await MulticastBus.JoinAsync(Keyed(publisher.Group, publisher.Port, Key));
        var inbox = new Inbox<Tick>();
        using var _ = subscriber.Subscribe<Tick>(inbox.Add);

        for (var n = 0; n < 20; n++)
        {
            await publisher.PublishAsync(new Tick("keyed", n));
        }

        await inbox.WhenCount(20).Within();
        Assert.Equal(Enumerable.Range(0, 20).Select(n => (long)n), inbox.Messages.Select(t => t.Cents));
        Assert.Equal((20L, 0L, 0L), (subscriber.Stats.Received, subscriber.Stats.Rejected, subscriber.Stats.Malformed));
    }

    [Fact]
    public void Confidential_publication_does_not_carry_the_contract_in_clear()
    {
        var clear = KeyedFrames.Publication(Key, Genuine, 7, new Tick("SECRET-SYMBOL", 1));
        var encrypted = KeyedFrames.Publication(Key, Genuine, 7, new Tick("SECRET-SYMBOL", 1), confidential: true);

        Assert.Contains("SECRET-SYMBOL", Encoding.ASCII.GetString(clear), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-SYMBOL", Encoding.ASCII.GetString(encrypted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bus_without_a_key_reports_a_keyed_publication_as_malformed_saying_it_needs_the_key()
    {
        await using var bus = await Loopback.JoinAsync();
        MalformedPublicationException? reported = null;
        bus.Malformed += error => reported = error;

        bus.OnDatagram(Real(0), From);

        Assert.Contains("this bus has no key", reported?.Reason, StringComparison.Ordinal);
        Assert.Equal(0, bus.Stats.Received);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forged_publication_numbered_2_to_the_64_minus_1_is_rejected_and_moves_nothing(bool confidential)
    {
        var (bus, delivered, subscription, before) = await EstablishedAsync(confidential);
        await using var _ = bus;
        using var __ = subscription;

        // Without the key an attacker can only send a version 1 publication, or a frame under a key of its own.
        bus.OnDatagram(Loopback.Publication(Genuine, ulong.MaxValue, new Tick("forged", 0)), From);
        bus.OnDatagram(KeyedFrames.Publication(KeyedFrames.Key(1, fill: 0x66), Genuine, ulong.MaxValue, new Tick("forged", 0), confidential), From);

        AssertUntouched(bus, before, rejected: 2);
        bus.OnDatagram(Real(10, confidential), From);
        Assert.Equal(11, delivered.Count(t => t.Symbol == "real"));
        Assert.DoesNotContain(delivered, t => t.Symbol == "forged");
    }

    [Fact]
    public async Task Unreadable_21_byte_forgery_3000_ahead_is_rejected()
    {
        var (bus, delivered, subscription, before) = await EstablishedAsync();
        await using var _ = bus;
        using var __ = subscription;

        bus.OnDatagram(Loopback.Publication(Genuine, 9 + 3000, [0xc1]), From);

        AssertUntouched(bus, before, rejected: 1);
        bus.OnDatagram(Real(10), From);
        Assert.Equal(11, delivered.Count);
    }

    [Fact]
    public async Task Forging_the_next_five_numbers_delivers_none_and_the_genuine_five_arrive()
    {
        var (bus, delivered, subscription, before) = await EstablishedAsync();
        await using var _ = bus;
        using var __ = subscription;

        for (ulong n = 10; n < 15; n++)
        {
            bus.OnDatagram(Loopback.Publication(Genuine, n, new Tick("forged", (long)n)), From);
        }

        AssertUntouched(bus, before, rejected: 5);
        for (ulong n = 10; n < 15; n++)
        {
            bus.OnDatagram(Real(n), From);
        }

        Assert.Equal(Enumerable.Range(0, 15).Select(n => (long)n), delivered.Select(t => t.Cents));
        Assert.Equal((0L, 0L), (bus.Stats.Publishers.Single().Duplicated, bus.Stats.Publishers.Single().Lost));
    }

    [Fact]
    public async Task Replayed_publications_are_rejected_without_raising_Duplicated_or_Stale()
    {
        var (bus, delivered, subscription, _) = await EstablishedAsync();
        await using var disposeBus = bus;
        using var __ = subscription;
        var old = Real(0);
        for (ulong n = 10; n < 2000; n++)
        {
            bus.OnDatagram(Real(n), From);
        }

        var before = bus.Stats.Publishers.Single();
        for (var i = 0; i < 50; i++)
        {
            bus.OnDatagram(Real(1999), From);  // the newest, again
            bus.OnDatagram(Real(1990), From);  // within the window
            bus.OnDatagram(old, From);         // far behind it
        }

        // Before issue 16 a replay raised the publisher's Duplicated at will.
        AssertUntouched(bus, before, rejected: 150);
        Assert.Equal(2000, delivered.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Changing_any_byte_of_a_publication_gets_it_rejected(bool confidential)
    {
        var (bus, delivered, subscription, before) = await EstablishedAsync(confidential);
        await using var _ = bus;
        using var __ = subscription;
        var genuine = Real(10, confidential);

        for (var i = 0; i < genuine.Length; i++)
        {
            var tampered = (byte[])genuine.Clone();
            tampered[i] ^= 0x01;
            bus.OnDatagram(tampered, From);
        }

        // A changed header byte may make it no frame at all (malformed); none is delivered or moves the publisher.
        var stats = bus.Stats;
        Assert.Equal(before, stats.Publishers.Single());
        Assert.Equal(genuine.Length, stats.Rejected + stats.Malformed);
        Assert.Equal(10, delivered.Count);
        bus.OnDatagram(genuine, From);
        Assert.Equal(11, delivered.Count);
    }

    [Fact]
    public async Task Flood_of_100000_forged_ids_is_rejected_and_leaves_the_publishers_untouched()
    {
        var (bus, delivered, subscription, before) = await EstablishedAsync();
        await using var _ = bus;
        using var __ = subscription;

        for (ulong id = 1; id <= 100_000; id++)
        {
            bus.OnDatagram(Loopback.Publication(id, 0, [0x91, 0x01]), From);
        }

        AssertUntouched(bus, before, rejected: 100_000);
        bus.OnDatagram(Real(5), From);
        Assert.Equal(10, delivered.Count);
    }

    [Fact]
    public async Task Two_forged_publishers_at_0_then_2_to_the_64_minus_1_are_rejected()
    {
        await using var bus = await JoinKeyedAsync();
        foreach (var forged in new ulong[] { 0xAAAA, 0xBBBB })
        {
            bus.OnDatagram(Loopback.Publication(forged, 0, new Tick("forged", 0)), From);
            bus.OnDatagram(Loopback.Publication(forged, ulong.MaxValue, new Tick("forged", 0)), From);
        }

        var stats = bus.Stats;
        Assert.Equal((Lost: 0L, Publishers: 0, Rejected: 4L), (stats.Lost, Publishers: stats.Publishers.Count, stats.Rejected));
    }

    [Fact]
    public async Task During_a_rotation_publications_under_the_previous_and_the_next_key_are_both_accepted()
    {
        var next = KeyedFrames.Key(2, fill: 0x17);
        await using var bus = await JoinKeyedAsync(Key, accepted: [next]);
        var inbox = new Inbox<Tick>();
        using var _ = bus.Subscribe<Tick>(inbox.Add);

        bus.OnDatagram(KeyedFrames.Publication(Key, Genuine, 0, new Tick("current", 0)), From);
        bus.OnDatagram(KeyedFrames.Publication(next, Genuine + 1, 0, new Tick("next", 0)), From);
        bus.OnDatagram(KeyedFrames.Publication(KeyedFrames.Key(3, fill: 0x17), Genuine + 2, 0, new Tick("unknown id", 0)), From);

        Assert.Equal(["current", "next"], inbox.Messages.Select(t => t.Symbol));
        Assert.Equal(1, bus.Stats.Rejected);
    }

    [Fact]
    public async Task Secret_under_an_accepted_id_but_different_bytes_is_rejected()
    {
        await using var bus = await JoinKeyedAsync();

        bus.OnDatagram(KeyedFrames.Publication(KeyedFrames.Key(Key.Id, fill: 0x01), Genuine, 0, new Tick("forged", 0), confidential: true), From);

        Assert.Equal((0L, 1L), (bus.Stats.Received, bus.Stats.Rejected));
    }

    [Fact]
    public async Task Authenticated_contracts_are_delivered_on_a_keyed_bus()
    {
        await using var publisher = await JoinKeyedAsync();
        await using var subscriber = await MulticastBus.JoinAsync(Keyed(publisher.Group, publisher.Port, Key));
        var inbox = new Inbox<Command>();
        using var _ = subscriber.Subscribe<Command>(inbox.Add);

        await publisher.PublishAsync(new Command(1, "open"));

        await inbox.WhenCount(1).Within();
        Assert.Equal(new Command(1, "open"), inbox.Messages.Single());
    }

    [Fact]
    public async Task Publishing_an_authenticated_contract_on_a_bus_without_a_key_throws_saying_what_to_do()
    {
        await using var bus = await Loopback.JoinAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await bus.PublishAsync(new Command(1, "open")));

        Assert.Contains("MulticastOptions.Key", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, bus.Stats.Received);
    }

    [Fact]
    public async Task Subscribing_to_an_authenticated_contract_on_a_bus_without_a_key_throws()
    {
        await using var bus = await Loopback.JoinAsync();

        var error = Assert.Throws<InvalidOperationException>(() => bus.Subscribe<Command>((_, _) => { }));

        Assert.Contains("[Datagram(Authenticated = true)]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confidential_without_a_key_is_refused_with_ERR_INVALID_ARG_VALUE()
    {
        var error = await Assert.ThrowsAsync<DgramException>(() => MulticastBus.JoinAsync(Keyed(confidential: true)));

        Assert.Equal("ERR_INVALID_ARG_VALUE", error.Code);
    }

    [Fact]
    public async Task Two_keys_with_one_id_are_refused()
    {
        var error = await Assert.ThrowsAsync<DgramException>(() => JoinKeyedAsync(Key, accepted: [KeyedFrames.Key(Key.Id, fill: 9)]));

        Assert.Contains("two keys with id 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_key_refuses_a_short_secret_and_an_id_out_of_range()
    {
        Assert.Equal("ERR_INVALID_ARG_VALUE", Assert.Throws<DgramException>(() => new GroupKey(1, new byte[15])).Code);
        Assert.Equal("ERR_OUT_OF_RANGE", Assert.Throws<DgramException>(() => new GroupKey(256, new byte[32])).Code);
        Assert.Equal("GroupKey 7", GroupKey.Generate(7).ToString());
    }
}

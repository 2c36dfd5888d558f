using System.Text;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

public class MulticastBusBadInputTests
{
    private const ulong Publisher = 0xFEED_FACE_CAFE_BEEF;

    // Sends each datagram, then a valid publication as a marker: once the marker is delivered, every datagram before
    // it has been through the receive loop (one loop, in arrival order; loopback keeps the order of one sender).
    private static async Task SendThenMarkAsync(MulticastBus bus, Inbox<Trade> markers, params byte[][] datagrams)
    {
        await using var raw = await Loopback.RawSenderAsync();
        foreach (var datagram in datagrams)
        {
            await raw.SendAsync(datagram, bus.Port, bus.Group);
        }

        var marker = markers.Messages.Count + 1;
        await raw.SendAsync(Loopback.Publication(Publisher + (ulong)marker, 0, new Trade(marker)), bus.Port, bus.Group);
        await markers.WhenCount(marker);
    }

    [Fact]
    public async Task Foreign_datagram_is_counted_malformed_and_reported_with_its_sender()
    {
        await using var bus = await Loopback.JoinAsync();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await SendThenMarkAsync(bus, markers, Encoding.UTF8.GetBytes("another application's traffic"));

        Assert.Equal(1, bus.Stats.Malformed);
        var report = Assert.Single(reports);
        Assert.StartsWith("not a publication", report.Reason);
        Assert.Equal(("127.0.0.1", 29), (report.From.Address, report.From.Size));
    }

    [Fact]
    public async Task Bare_contract_datagram_is_counted_malformed()
    {
        await using var bus = await Loopback.JoinAsync();
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await SendThenMarkAsync(bus, markers, DatagramEnvelope.Serialize(new Trade(7)));

        Assert.Equal(1, bus.Stats.Malformed);
        Assert.Equal([1], markers.Messages.Select(t => t.Count));
    }

    [Fact]
    public async Task Empty_datagram_is_counted_malformed()
    {
        await using var bus = await Loopback.JoinAsync();
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await SendThenMarkAsync(bus, markers, Array.Empty<byte>());
        Assert.Equal(1, bus.Stats.Malformed);
    }

    [Fact]
    public async Task Lone_nil_is_counted_malformed()
    {
        await using var bus = await Loopback.JoinAsync();
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await SendThenMarkAsync(bus, markers, [0xc0]);

        Assert.Equal(1, bus.Stats.Malformed);
    }

    [Fact]
    public async Task Publication_of_an_unknown_type_id_is_counted_unhandled_and_reported()
    {
        await using var bus = await Loopback.JoinAsync();
        var unhandled = new List<(uint TypeId, RemoteInfo From)>();
        bus.Unhandled += (typeId, from) => unhandled.Add((typeId, from));
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await SendThenMarkAsync(bus, markers, Loopback.Publication(Publisher, 0, new Tick("ACME", 1)));

        var stats = bus.Stats;
        Assert.Equal((1L, 0L, 2L), (stats.Unhandled, stats.Malformed, stats.Received));
        Assert.Equal(TypeIdOf<Tick>.Value, Assert.Single(unhandled).TypeId);
    }

    [Fact]
    public async Task Publication_whose_contract_cannot_be_read_is_counted_malformed_with_the_offset_in_the_datagram()
    {
        await using var bus = await Loopback.JoinAsync();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        // [Trade's type id, "not a number"]: the member at contract offset 6 is a string where an int belongs.
        byte[] contract = [0x92, 0xce, 0x7e, 0x57, 0x00, 0x02, 0xa3, (byte)'a', (byte)'b', (byte)'c'];
        var publication = Loopback.Publication(Publisher, 0, contract);
        await SendThenMarkAsync(bus, markers, publication);

        var report = Assert.Single(reports);
        Assert.Equal(TypeIdOf<Trade>.Value, report.TypeId);
        Assert.Equal(publication.Length - contract.Length + 6, report.Offset);
        Assert.IsType<MalformedDatagramException>(report.InnerException);
        Assert.Equal([1], markers.Messages.Select(t => t.Count));
        Assert.Equal((1L, 2L), (bus.Stats.Malformed, bus.Stats.Received));
    }

    [Fact]
    public async Task Publication_larger_than_the_buses_MaxDatagramSize_is_counted_malformed_as_DatagramTooLarge()
    {
        await using var bus = await Loopback.JoinAsync();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        // [Trade's type id, 5, a 2,000-byte binary a newer writer might add]: read (and the binary skipped) before issue
        // 16, whose bus read with the 65,507-byte default limits whatever its 1,472-byte MaxDatagramSize.
        byte[] contract = [0x93, 0xce, 0x7e, 0x57, 0x00, 0x02, 0x05, 0xc5, 0x07, 0xd0, .. new byte[2_000]];
        await SendThenMarkAsync(bus, markers, Loopback.Publication(Publisher, 0, contract));

        var report = Assert.Single(reports);
        Assert.Equal(MalformedDatagramReason.DatagramTooLarge, Assert.IsType<MalformedDatagramException>(report.InnerException).Reason);
        Assert.Equal([1], markers.Messages.Select(t => t.Count));
    }

    [Fact]
    public async Task Malformed_publication_report_names_the_subscribed_contract_and_the_member_that_failed()
    {
        await using var bus = await Loopback.JoinAsync();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        // [Trade's type id, "abc"]: Trade's Count (member 0) is a string where an int belongs.
        byte[] contract = [0x92, 0xce, 0x7e, 0x57, 0x00, 0x02, 0xa3, (byte)'a', (byte)'b', (byte)'c'];
        await SendThenMarkAsync(bus, markers, Loopback.Publication(Publisher, 0, contract));

        var report = Assert.Single(reports);
        var inner = Assert.IsType<MalformedDatagramException>(report.InnerException);
        Assert.Equal((typeof(Trade).FullName, 0, "Count"), (inner.Contract, inner.Member, inner.MemberName));
        Assert.Contains($"contract datagram ({typeof(Trade).FullName}, member Count): UnexpectedType", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publication_with_an_unsupported_version_is_counted_malformed()
    {
        await using var bus = await Loopback.JoinAsync();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);
        var publication = Loopback.Publication(Publisher, 0, new Trade(0));
        publication[6] = 2;

        await SendThenMarkAsync(bus, markers, publication);

        Assert.Equal("publication header: unsupported version 2 (this reader knows 1 and 3)", Assert.Single(reports).Reason);
    }

    [Fact]
    public async Task Malformed_subscriber_that_throws_goes_to_Error_and_the_loop_goes_on()
    {
        await using var bus = await Loopback.JoinAsync();
        var error = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        bus.Error += e => error.TrySetResult(e);
        bus.Malformed += _ => throw new InvalidOperationException("report handler failed");
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await SendThenMarkAsync(bus, markers, [0xc1]);

        Assert.Equal("report handler failed", (await error.Task.Within()).Message);
    }

    [Fact]
    public async Task Flood_of_broken_headers_is_all_counted_and_delivery_goes_on()
    {
        await using var bus = await Loopback.JoinAsync();
        using var reported = new SemaphoreSlim(0);
        bus.Malformed += _ => reported.Release();
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);
        var random = new Random(3);
        var valid = Loopback.Publication(Publisher, 0, new Trade(0));
        await using var raw = await Loopback.RawSenderAsync();

        // In bursts of 30, each seen through before the next, so that the receive buffer never overflows.
        for (var burst = 0; burst < 10; burst++)
        {
            for (var i = 0; i < 30; i++)
            {
                var bytes = (byte[])valid.Clone();
                bytes[random.Next(1, 6)] ^= (byte)(1 << random.Next(8)); // break the marker string
                await raw.SendAsync(bytes, bus.Port, bus.Group);
            }

            for (var i = 0; i < 30; i++)
            {
                Assert.True(await reported.WaitAsync(Loopback.Timeout), $"burst {burst}: report {i} did not come");
            }
        }

        await SendThenMarkAsync(bus, markers);
        Assert.Equal(300, bus.Stats.Malformed);
    }
}

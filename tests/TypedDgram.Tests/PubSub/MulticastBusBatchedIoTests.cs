using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// The bus's receiving socket asks for UDP GRO on Linux (<c>MulticastLink.ReceiverBatching</c>): a run of publications
/// a batching publisher sent as one GSO message may reach it in one piece, and must still be read publication by
/// publication, with exact counters.
/// </summary>
public class MulticastBusBatchedIoTests
{
    private const ulong Publisher = 0x0BA7_C4ED_0000_0001;

    [Fact]
    public async Task Publications_sent_together_by_a_batching_socket_are_each_delivered_in_order_and_counted()
    {
        Assert.True(MulticastLink.ReceiverBatching, "the bus's receiving socket batches by default");
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);
        await using var publisher = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Batching = true });
        await publisher.BindAsync(0, Loopback.Interface);
        publisher.SetMulticastInterface(Loopback.Interface);
        publisher.SetMulticastLoopback(true);
        const int count = 48;

        // Sent without waiting, so that they queue behind one another and leave together (sendmmsg, and one GSO
        // message for the run of equal sizes where the kernel has UDP GSO).
        for (ulong sequence = 0; sequence < count; sequence++)
        {
            publisher.Send(Loopback.Publication(Publisher, sequence, new Tick("run", (long)sequence)), bus.Port, bus.Group);
        }

        await inbox.WhenCount(count).Within();
        Assert.Equal(Enumerable.Range(0, count).Select(n => (long)n), inbox.Messages.Select(t => t.Cents));
        var stats = Assert.Single(bus.Stats.Publishers);
        Assert.Equal(((long)count, 0L, 0L, 0L), (stats.Received, stats.Lost, stats.Duplicated, stats.Reordered));
    }
}

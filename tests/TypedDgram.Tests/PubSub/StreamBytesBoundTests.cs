using TypedDgram.PubSub;
using TypedDgram.Sockets;
using TypedDgram.Tests.Reliability;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 16: a stalled bus <c>SubscribeAsync</c> stream holds at most 16 MiB of estimated bytes, as a unicast
/// <c>ReceiveAsync</c> stream does, whatever its capacity in publications; the rest are counted in <see cref="BusStats.Dropped"/>.
/// </summary>
public sealed class StreamBytesBoundTests
{
    [Fact]
    public async Task A_stalled_SubscribeAsync_stream_drops_what_would_hold_more_than_16_MiB()
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, StreamCapacity = 100_000 });
        using var cancel = new CancellationTokenSource(Loopback.Timeout);
        await using var stream = bus.SubscribeAsync<Limited>(cancel.Token).GetAsyncEnumerator();
        var message = new Limited("x", new byte[1_000], [], [], []);
        const int Published = 10_000;
        var first = Loopback.Publication(7, 0, message);
        var sender = new RemoteInfo("127.0.0.1", "IPv4", 41234, first.Length);

        // Straight into the receive path: the test is about what the stream keeps, not about the kernel's buffer.
        for (var sequence = 0; sequence < Published; sequence++)
        {
            bus.OnDatagram(Loopback.Publication(7, (ulong)sequence, message), sender);
        }

        var stats = bus.Stats;
        long held = Published - stats.Dropped;
        // Each holds over 2,000 estimated bytes (its decoded 1,000-byte array and its 1,000-odd-byte datagram):
        // 16 MiB is at most 8,388 of them. Before, all 10,000 were held (33 MB for this small capacity of 100,000).
        Assert.Equal(Published, stats.Received);
        Assert.True(held <= 16 * 1024 * 1024 / 2_000, $"{held} of {Published} publications held, {stats.Dropped} dropped");

        // Taking one gives its bytes back: the next publication fits again.
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(message.Data.Length, stream.Current.Message.Data.Length);
        bus.OnDatagram(Loopback.Publication(7, Published, message), sender);
        Assert.Equal(stats.Dropped, bus.Stats.Dropped);
    }
}

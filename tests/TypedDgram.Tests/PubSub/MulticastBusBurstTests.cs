namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 14, over real sockets on loopback: a burst of Publish calls (batched or not, as the socket's pace decides) and
/// PublishAsync interleaved with it arrive whole, in order, with exact counts.
/// </summary>
public sealed class MulticastBusBurstTests
{
    [Fact]
    public async Task A_Publish_burst_mixed_with_PublishAsync_arrives_whole_in_order_with_exact_counts()
    {
        await using var publisher = await Loopback.JoinAsync();
        await using var subscriber = await Loopback.JoinSameAsync(publisher);
        var inbox = new Inbox<Trade>();
        using var subscription = subscriber.Subscribe<Trade>(inbox.Add);
        const int count = 2000;

        for (var i = 0; i < count; i++)
        {
            if (i % 100 == 99)
            {
                await publisher.PublishAsync(new Trade(i));
            }
            else
            {
                publisher.Publish(new Trade(i));
            }
        }

        await inbox.WhenCount(count);
        Assert.Equal(Enumerable.Range(0, count), inbox.Messages.Select(t => t.Count));
        var stats = subscriber.Stats;
        Assert.Equal((2000L, 0L, 0L, 0L, 0L), (stats.Received, stats.Lost, stats.Duplicated, stats.Reordered, stats.Malformed));
    }
}

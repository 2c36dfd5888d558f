using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 14: the synchronous Publish is bounded by MaxQueuedBytes (it waits for room, TryPublish refuses), and
/// DisposeAsync sends what is queued or says what it could not.
/// </summary>
public sealed class MulticastBusBackPressureTests
{
    private static MulticastOptions Bounded(MulticastOptions o, int bytes) =>
        new() { Group = o.Group, Port = o.Port, Interface = o.Interface, MaxQueuedBytes = bytes };

    [Fact]
    public async Task TryPublish_returns_false_without_using_a_number_once_MaxQueuedBytes_are_queued()
    {
        var (bus, link) = HeldLink.NewBus(o => Bounded(o, 100));
        await using var _ = bus;
        var accepted = 0;
        while (bus.TryPublish(new Blob(new byte[30])))
        {
            accepted++;
            Assert.InRange(accepted, 1, 10);
        }

        link.CompleteAll();
        Assert.True(bus.TryPublish(new Blob(new byte[30])));
        link.CompleteAll();

        // Numbered without a gap: the refused publication took no number.
        var receiver = await Loopback.JoinAsync();
        await using var __ = receiver;
        foreach (var datagram in link.Sent)
        {
            receiver.OnDatagram(datagram, new("127.0.0.1", "IPv4", 41234, datagram.Length));
        }

        Assert.Equal((accepted + 1L, 0L), (receiver.Stats.Received, receiver.Stats.Lost));
    }

    [Fact]
    public async Task Publish_waits_for_room_while_MaxQueuedBytes_are_queued_and_goes_on_when_sends_complete()
    {
        var (bus, link) = HeldLink.NewBus(o => Bounded(o, 100));
        await using var _ = bus;
        while (bus.TryPublish(new Blob(new byte[30])))
        {
        }

        var blocked = Task.Run(() => bus.Publish(new Blob(new byte[30])));

        // However long it is given, it cannot finish before a send completes (no timing can make this pass wrongly).
        await Task.Delay(200);
        Assert.False(blocked.IsCompleted);

        link.CompleteAll();
        await blocked.Within();
        link.CompleteAll();
    }

    [Fact]
    public async Task Publish_waiting_for_room_throws_ObjectDisposedException_when_the_bus_is_disposed()
    {
        var (bus, link) = HeldLink.NewBus(o => Bounded(o, 100));
        while (bus.TryPublish(new Blob(new byte[30])))
        {
        }

        var blocked = Task.Run(() => bus.Publish(new Blob(new byte[30])));
        await Task.Delay(100);
        var disposing = bus.DisposeAsync().AsTask();
        link.CompleteAll();
        await disposing.Within();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => blocked.Within());
    }

    [Fact]
    public async Task DisposeAsync_sends_the_publications_still_queued()
    {
        var (bus, link) = HeldLink.NewBus();
        for (var i = 0; i < 10; i++)
        {
            bus.Publish(new Trade(i));
        }

        Assert.Single(link.Sent);
        var disposing = bus.DisposeAsync().AsTask();
        link.Complete();        // the lone first one; the batch of the other nine goes now
        link.CompleteAll();
        await disposing.Within();

        Assert.Equal(2, link.Sent.Count);
        Assert.Equal((3, FrameKind.Batch, 1UL, 9), Batches.Describe(link.Sent[1]));
    }

    [Fact]
    public async Task DisposeAsync_reports_on_Error_how_many_publications_it_could_not_send_within_2_seconds()
    {
        var (bus, link) = HeldLink.NewBus();
        var errors = new List<Exception>();
        bus.Error += errors.Add;
        for (var i = 0; i < 10; i++)
        {
            bus.Publish(new Trade(i));
        }

        // Nothing is ever answered: the sender is stuck.
        await bus.DisposeAsync().AsTask().Within();

        var error = Assert.IsType<ObjectDisposedException>(Assert.Single(errors));
        Assert.Contains("with 10 publications still queued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_waiting_in_a_batch_the_bus_could_not_send_fails_with_ObjectDisposedException()
    {
        var (bus, link) = HeldLink.NewBus();
        bus.Error += _ => { };
        bus.Publish(new Trade(0));
        var waiting = bus.PublishAsync(new Trade(1)).AsTask();

        await bus.DisposeAsync().AsTask().Within();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.Within());
    }
}

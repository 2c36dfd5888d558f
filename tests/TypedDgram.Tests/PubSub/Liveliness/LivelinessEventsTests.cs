using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

public class LivelinessEventsTests
{
    private static PublisherLivelinessEventArgs Change(ulong id, PublisherLivelinessReason reason = PublisherLivelinessReason.FirstPublication) =>
        new(id, reason, new PublisherStats(id, 0, 1, 0, 0, 0, 0));

    [Fact]
    public void Events_are_raised_in_the_order_they_were_queued()
    {
        var events = new LivelinessEvents();
        events.Enqueue(Change(1));
        events.Enqueue(Change(1, PublisherLivelinessReason.LeaseExpired));
        events.Enqueue(Change(2));
        var raised = new List<ulong>();

        events.Raise(e => raised.Add(e.PublisherId));

        Assert.Equal([1UL, 1, 2], raised);
        Assert.False(events.HasPending);
    }

    [Fact]
    public void An_event_queued_while_another_is_being_raised_is_raised_after_it_by_the_same_thread_not_inside_it()
    {
        var events = new LivelinessEvents();
        events.Enqueue(Change(1));
        var raised = new List<string>();

        events.Raise(e =>
        {
            raised.Add($"start {e.PublisherId}");
            if (e.PublisherId == 1)
            {
                events.Enqueue(Change(2));
                events.Raise(_ => raised.Add("nested"));
            }

            raised.Add($"end {e.PublisherId}");
        });

        Assert.Equal(["start 1", "end 1", "start 2", "end 2"], raised);
    }

    [Fact]
    public void Beyond_the_bound_new_events_are_dropped_and_counted()
    {
        var events = new LivelinessEvents();
        for (var i = 0; i < LivelinessEvents.MaxPending + 5; i++)
        {
            events.Enqueue(Change((ulong)i));
        }

        var raised = 0;
        events.Raise(_ => raised++);

        Assert.Equal((LivelinessEvents.MaxPending, 5L), (raised, events.Dropped));
    }
}

using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

public class RetransmissionHistoryTests
{
    private static readonly TransportDestination Group = new(5000, "239.255.0.1");

    private static byte[] Frame(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public void Keeps_the_last_frames_up_to_its_count_evicting_the_oldest()
    {
        var history = new RetransmissionHistory(maxCount: 3, maxBytes: 1000);

        for (ulong n = 0; n < 5; n++)
        {
            history.Add(n, 1, Frame(10, (byte)n), Group);
        }

        Assert.Equal((3, 30L, 2UL, 4UL), (history.Count, history.Bytes, history.Oldest, history.Newest));
        Assert.Equal(-1, history.IndexOf(1));
        Assert.Equal(3, history.At(history.IndexOf(3)).Buffer[0]);
    }

    [Fact]
    public void Keeps_at_most_its_bytes_evicting_the_oldest()
    {
        var history = new RetransmissionHistory(maxCount: 100, maxBytes: 25);

        history.Add(0, 1, Frame(10, 0), Group);
        history.Add(1, 1, Frame(10, 1), Group);
        history.Add(2, 1, Frame(10, 2), Group);

        Assert.Equal((2, 20L, 1UL), (history.Count, history.Bytes, history.Oldest));
    }

    [Fact]
    public void A_batch_frame_is_found_by_any_of_its_publication_numbers()
    {
        var history = new RetransmissionHistory(maxCount: 10, maxBytes: 1000);
        history.Add(0, 1, Frame(5, 0), Group);
        history.Add(1, 4, Frame(20, 1), Group);
        history.Add(5, 1, Frame(5, 5), Group);

        Assert.Equal([0, 1, 1, 1, 1, 2, -1], new ulong[] { 0, 1, 2, 3, 4, 5, 6 }.Select(history.IndexOf));
        Assert.Equal(4UL, history.At(1).Last);
    }

    [Fact]
    public void A_frame_larger_than_the_byte_bound_is_not_kept_and_leaves_no_hole_behind()
    {
        var history = new RetransmissionHistory(maxCount: 10, maxBytes: 15);
        history.Add(0, 1, Frame(10, 0), Group);

        history.Add(1, 1, Frame(20, 1), Group);

        Assert.Equal((0, 0L, (ulong?)null), (history.Count, history.Bytes, history.Oldest));
    }
}

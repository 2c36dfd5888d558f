using System.Collections.Concurrent;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// Issue 16, finding 4: the send queue holds at most 16 MiB; a send beyond it fails with ENOBUFS (to its callback or
/// task) instead of growing the queue, and Node's counters count only what was queued.
/// </summary>
public class SendQueueBoundTests
{
    private const int DatagramSize = 60_000;
    private const int Fits = (16 * 1024 * 1024) / DatagramSize;   // 279 datagrams of 60,000 bytes

    [Fact]
    public async Task Sends_beyond_16_MiB_queued_fail_with_ENOBUFS_and_are_not_counted()
    {
        // The destination's lookup never finishes, so the drain waits on the first send and the rest stay queued.
        var lookup = Lookups.Loopback();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        lookup.Hold();
        var refused = new ConcurrentQueue<DgramException>();
        var allRefused = Wait.Source();
        const int Attempts = Fits + 21;

        for (var i = 0; i < Attempts; i++)
        {
            socket.Send(new byte[DatagramSize], 9, "held.test", (error, _) =>
            {
                if (error is not null)
                {
                    refused.Enqueue(error);
                    if (refused.Count == Attempts - Fits)
                    {
                        allRefused.TrySetResult();
                    }
                }
            });
        }
        var refusedTask = socket.SendAsync(new byte[DatagramSize], 9, "held.test").AsTask();

        await Wait.For(allRefused);
        Assert.Equal(Fits, socket.GetSendQueueCount());
        Assert.Equal((long)Fits * DatagramSize, socket.GetSendQueueSize());
        Assert.All(refused, error => Assert.Equal(DgramErrorCode.NoBufferSpace, error.Code));
        Assert.Contains("takes at most 16777216", refused.First().Message);
        var faulted = await Assert.ThrowsAsync<DgramException>(() => Wait.For(refusedTask));
        Assert.Equal(DgramErrorCode.NoBufferSpace, faulted.Code);
        socket.Close();
        lookup.Release();
    }

    [Fact]
    public async Task One_datagram_larger_than_the_bound_is_still_queued_when_nothing_else_is()
    {
        var lookup = Lookups.Loopback();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        lookup.Hold();

#pragma warning disable TDG0008 // too large on purpose: the bound must not take away the datagram's own EMSGSIZE
        socket.Send(new byte[17 * 1024 * 1024], 9, "held.test");
#pragma warning restore TDG0008

        Assert.Equal(1, socket.GetSendQueueCount());
        socket.Close();
        lookup.Release();
    }
}

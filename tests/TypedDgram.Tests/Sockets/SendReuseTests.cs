using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// Sends reuse their internal requests (so a steady stream allocates nothing; the benchmarks measure that in a Release
/// build): each completion must still be its own.
/// </summary>
public class SendReuseTests
{
    [Fact]
    public async Task Interleaved_awaited_and_callback_sends_each_complete_once_with_their_own_byte_count()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        const int Rounds = 200;
        var callbacks = new int[Rounds];
        var callbacksDone = new CountdownEvent(Rounds);
        for (int i = 0; i < Rounds; i++)
        {
            int round = i;
            sender.Send(new byte[1 + (i % 7)], receiver.Port, "127.0.0.1", (error, bytes) =>
            {
                Assert.Null(error);
                Interlocked.Add(ref callbacks[round], bytes);
                callbacksDone.Signal();
            });
            Assert.Equal(100 + (i % 5), await sender.SendAsync(new byte[100 + (i % 5)], receiver.Port, "127.0.0.1"));
        }

        Assert.True(callbacksDone.Wait(Wait.Timeout));
        Assert.Equal(Enumerable.Range(0, Rounds).Select(i => 1 + (i % 7)), callbacks);
    }

    [Fact]
    public async Task A_send_cancelled_in_the_queue_does_not_disturb_the_sends_that_reuse_its_request()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback().Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        using var cancel = new CancellationTokenSource();

        // Held in the queue by the lookup, then cancelled before it reaches the OS.
        var dropped = sender.SendAsync("dropped", receiver.Port, "127.0.0.1", cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.For(dropped));
        lookup.Release();
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(3, await sender.SendAsync($"#{i:D2}", receiver.Port, "127.0.0.1"));
        }

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal($"#{i:D2}", System.Text.Encoding.UTF8.GetString((await receiver.NextAsync()).Msg));
        }
        Assert.Equal(0, sender.GetSendQueueCount());
    }
}

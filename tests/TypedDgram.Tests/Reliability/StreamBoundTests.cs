using TypedDgram.Contracts;
using TypedDgram.Diagnostics;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Diagnostics;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>Issue 16, finding 3: a stalled <c>ReceiveAsync</c> holds at most 16 MiB of decoded messages, whatever its capacity.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class StreamBoundTests
{
    [Fact]
    public async Task A_stalled_ReceiveAsync_stream_drops_what_would_hold_more_than_16_MiB()
    {
        using var meters = new MeterCapture();
        await using var receiver = Dgram.CreateSocket("udp4");
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        await using var sender = Dgram.CreateSocket("udp4");
        await using var stream = receiver.ReceiveAsync<Limited>(capacity: 1024).GetAsyncEnumerator();
        var first = stream.MoveNextAsync().AsTask();   // takes the first; the consumer then stalls
        var message = new Limited("x", new byte[40_000], [], [], []);
        const int Sent = 400;
        object typeId = 700L;

        for (var i = 1; i <= Sent; i++)
        {
            await Wait.For(sender.SendAsync(message, receiver.Address().Port, "127.0.0.1").AsTask());
            await meters.WaitForAsync(i, "typeddgram.messages.dispatched", TypedDgramTelemetry.MessageTypeIdTag, typeId);
        }

        Assert.True(await Wait.For(first));
        long dropped = meters.Sum("typeddgram.datagrams.dropped", TypedDgramTelemetry.MessageTypeIdTag, typeId);
        long held = Sent - 1 - dropped;
        // Each holds over 80,000 estimated bytes (its decoded 40,000-byte array and the datagram): 16 MiB is at most 209.
        Assert.True(held <= (16 * 1024 * 1024) / 80_000, $"{held} of {Sent} datagrams held, {dropped} dropped");
        Assert.True(held > 0);
    }
}

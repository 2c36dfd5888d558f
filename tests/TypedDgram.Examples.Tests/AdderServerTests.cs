using RequestResponse;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Examples.Tests;

/// <summary>examples/RequestResponse's handler class, tested without a socket: the generated dispatch and serializers run in a <see cref="DatagramTestHost"/>.</summary>
public class AdderServerTests
{
    [Fact]
    public async Task Add_is_answered_with_its_sum()
    {
        using var host = new DatagramTestHost();
        host.Attach(new AdderServer());

        var sum = await host.RequestAsync(new Add(2, 40));

        Assert.Equal(new Sum(42, 1), sum);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task The_answer_goes_back_to_the_requester()
    {
        using var host = new DatagramTestHost();
        host.Attach(new AdderServer());
        var requester = new RemoteInfo("192.0.2.7", "IPv4", 40_000, 0);

        await host.RequestAsync(new Add(1, 1), requester);

        var sent = Assert.Single(host.Sent);
        Assert.Equal((40_000, "192.0.2.7"), (sent.Port, sent.Address));
        Assert.Equal(new Sum(2, 1), sent.As<Sum>());
    }

    [Fact]
    public async Task A_retried_request_is_served_once()
    {
        using var host = new DatagramTestHost();
        var adder = new AdderServer();
        host.Attach(adder);

        var first = await host.RequestAsync(new Add(3, 4), correlationId: 99);
        var retried = await host.RequestAsync(new Add(3, 4), correlationId: 99);

        Assert.Equal(first, retried);
        Assert.Equal(1, adder.Served);
    }
}

using PingPong;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Examples.Tests;

/// <summary>
/// examples/PingPong's server, which replies through the <see cref="DgramSocket"/> it holds: given one of the test
/// host's in-memory sockets, its pongs land in <see cref="DatagramTestHost.Sent"/> with where they go.
/// </summary>
public class PongServerTests
{
    private static readonly RemoteInfo Client = new("127.0.0.1", "IPv4", 40_000, 0);

    [Fact]
    public async Task A_ping_is_answered_with_a_pong_to_its_sender()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        socket.Attach(new PongServer(socket));
        await socket.BindAsync(0, "127.0.0.1");

        await host.DeliverAsync(new Ping(1, SentAt: 12_345), Client);

        var pong = Assert.Single(host.Sent);
        Assert.Equal((40_000, "127.0.0.1"), (pong.Port, pong.Address));
        Assert.Equal(new Pong(1, 12_345, "pong-server"), pong.As<Pong>());
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task Each_ping_gets_its_own_pong_in_order()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        socket.Attach(new PongServer(socket));
        await socket.BindAsync(0, "127.0.0.1");

        for (var seq = 1; seq <= 3; seq++)
        {
            await host.DeliverAsync(new Ping(seq, SentAt: seq * 10), Client with { Port = 40_000 + seq });
        }

        Assert.Equal([1, 2, 3], host.Sent.Select(sent => sent.As<Pong>().Seq));
        Assert.Equal([40_001, 40_002, 40_003], host.Sent.Select(sent => sent.Port ?? 0));
    }

    [Fact]
    public async Task The_example_clients_round_trip_works_between_two_in_memory_sockets()
    {
        using var host = new DatagramTestHost();
        var server = host.CreateSocket();
        server.Attach(new PongServer(server));
        await server.BindAsync(0, "127.0.0.1");
        var client = host.CreateSocket();
        await client.BindAsync(0, "127.0.0.1");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var pongs = client.ReceiveAsync<Pong>(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = pongs.MoveNextAsync().AsTask();

        await client.SendAsync(new Ping(5, SentAt: 50), server.Address().Port, "127.0.0.1");

        Assert.True(await next);
        Assert.Equal(new Pong(5, 50, "pong-server"), pongs.Current.Message);
        Assert.Equal(server.Address().Port, pongs.Current.From.Port);
    }
}

using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Cli.Tests;

public sealed class SendCommandTests
{
    [Fact]
    public async Task Send_turns_a_JSON_array_into_one_MessagePack_datagram_a_contract_can_read()
    {
        await using var receiver = Dgram.CreateSocket("udp4");
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Message += (msg, _) => received.TrySetResult(msg);
        await receiver.BindAsync(0, "127.0.0.1");

        var tdg = TdgRun.Start("send", $"127.0.0.1:{receiver.Address().Port}", """[1, 42, "hello"]""");

        Assert.Equal(0, await tdg.FinishedAsync());
        var datagram = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new Greeting(42, "hello"), DatagramEnvelope.Deserialize<Greeting>(datagram));
        Assert.Equal($"sent {datagram.Length} bytes to 127.0.0.1:{receiver.Address().Port}", tdg.Output.Lines.Single());
    }

    [Fact]
    public async Task Send_with_count_sends_that_many_datagrams()
    {
        await using var receiver = Dgram.CreateSocket("udp4");
        var count = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Message += (_, _) =>
        {
            if (Interlocked.Increment(ref count) == 3)
            {
                third.TrySetResult();
            }
        };
        await receiver.BindAsync(0, "127.0.0.1");

        var tdg = TdgRun.Start("send", $"127.0.0.1:{receiver.Address().Port}", "[1, 0, \"x\"]", "--count", "3");

        Assert.Equal(0, await tdg.FinishedAsync());
        await third.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, tdg.Output.Lines.Count);
    }

    [Fact]
    public async Task Sent_datagram_is_printed_by_listen()
    {
        var listen = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--count", "1", "--contracts", typeof(Greeting).Assembly.Location);
        var port = await listen.ListeningPortAsync();

        var send = TdgRun.Start("send", $"127.0.0.1:{port}", """[1, 5, "from tdg"]""");

        Assert.Equal(0, await send.FinishedAsync());
        Assert.Contains("\"message\":{\"Seq\":5,\"Text\":\"from tdg\"}", await listen.Output.NextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await listen.FinishedAsync());
    }

    [Theory]
    [InlineData("127.0.0.1", "is not host:port")]
    [InlineData("::1:41234", "[address]:port")]
    [InlineData("127.0.0.1:http", "is not a port number")]
    [InlineData("127.0.0.1:0", "ERR_SOCKET_BAD_PORT")]
    public async Task Send_to_a_bad_destination_fails_with_a_message(string destination, string message)
    {
        var tdg = TdgRun.Start("send", destination, "[1]");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains(message, tdg.Error.Lines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_with_invalid_JSON_fails_with_a_message()
    {
        var tdg = TdgRun.Start("send", "127.0.0.1:9", "[1, oops]");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains("not valid JSON", tdg.Error.Lines.Single(), StringComparison.Ordinal);
    }
}

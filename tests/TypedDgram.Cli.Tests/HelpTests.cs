namespace TypedDgram.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("tdg: listen to and send", "--help")]
    [InlineData("Print each datagram received on <port>", "listen", "--help")]
    [InlineData("Send one JSON value", "send", "--help")]
    [InlineData("Join a pub/sub group and print what arrived", "stats", "--help")]
    [InlineData("Publish a contract, given as JSON", "publish", "--help")]
    [InlineData("Join a pub/sub group and print each publication", "subscribe", "--help")]
    [InlineData("Relay the publications of a multicast group to a NATS bus", "bridge", "--help")]
    public async Task Every_command_prints_its_description_and_usage_with_help(string description, params string[] args)
    {
        var tdg = TdgRun.Start(args);

        Assert.Equal(0, await tdg.FinishedAsync());
        Assert.Contains("Usage:", tdg.Output.Lines);
        Assert.Contains(tdg.Output.Lines, line => line.Contains(description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_argument_is_an_error_with_exit_code_1()
    {
        var tdg = TdgRun.Start("send", "127.0.0.1:9");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains(tdg.Error.Lines, line => line.StartsWith("Required argument missing", StringComparison.Ordinal));
    }
}

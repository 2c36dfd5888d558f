using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Cli.Tests;

/// <summary>`tdg send --contracts --contract`: a contract by name, its members as a JSON object, written by its generated serializer.</summary>
public sealed class ContractByNameTests
{
    private static string Assembly => typeof(Greeting).Assembly.Location;

    [Theory]
    [InlineData("Greeting")]
    [InlineData("TypedDgram.Cli.Tests.Greeting")]
    public async Task Send_a_contract_by_simple_or_full_name_as_a_JSON_object(string name)
    {
        await using var receiver = Dgram.CreateSocket("udp4");
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Message += (msg, _) => received.TrySetResult(msg);
        await receiver.BindAsync(0, "127.0.0.1");

        var tdg = TdgRun.Start("send", $"127.0.0.1:{receiver.Address().Port}", """{"Seq":42,"Text":"by name"}""", "--contracts", Assembly, "--contract", name);

        Assert.Equal(0, await tdg.FinishedAsync());
        Assert.Equal(new Greeting(42, "by name"), DatagramEnvelope.Deserialize<Greeting>(await received.Task.WaitAsync(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Send_an_unknown_contract_name_fails_listing_the_contracts()
    {
        var tdg = TdgRun.Start("send", "127.0.0.1:9", "{}", "--contracts", Assembly, "--contract", "Greting");

        Assert.Equal(1, await tdg.FinishedAsync());
        var error = tdg.Error.Lines.Last();
        Assert.Contains("no contract named Greting", error, StringComparison.Ordinal);
        Assert.Contains("TypedDgram.Cli.Tests.Greeting", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_a_contract_with_a_misspelt_member_fails_instead_of_sending_a_default()
    {
        var tdg = TdgRun.Start("send", "127.0.0.1:9", """{"Seq":1,"Txet":"typo"}""", "--contracts", Assembly, "--contract", "Greeting");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains("the JSON is not a TypedDgram.Cli.Tests.Greeting", tdg.Error.Lines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_a_contract_name_without_contracts_says_what_is_missing()
    {
        var tdg = TdgRun.Start("send", "127.0.0.1:9", "{}", "--contract", "Greeting");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains("--contract Greeting needs --contracts", tdg.Error.Lines.Single(), StringComparison.Ordinal);
    }
}

namespace TypedDgram.Cli.Tests;

/// <summary>Every command refuses a multicast group without --interface, saying why; listen binds loopback by default.</summary>
public sealed class MulticastInterfaceRuleTests
{
    public static TheoryData<string[]> CommandsToAGroupWithoutInterface() => new()
    {
        new[] { "send", "239.255.1.2:41234", "[1, 2, \"x\"]" },
        new[] { "send", "[ff02::1:2]:41234", "[1, 2, \"x\"]" },
        new[] { "listen", "0", "--group", "239.255.1.2", "--timeout", "1" },
        new[] { "publish", "--group", "239.255.1.2", "--port", "41234", "--contracts", typeof(Greeting).Assembly.Location, "--contract", "Greeting", """{"Seq":1,"Text":"x"}""" },
        new[] { "subscribe", "--group", "239.255.1.2", "--port", "0", "--contracts", typeof(Greeting).Assembly.Location, "--timeout", "1" },
    };

    [Theory]
    [MemberData(nameof(CommandsToAGroupWithoutInterface))]
    public async Task A_multicast_group_without_interface_is_an_error_that_says_why(string[] args)
    {
        var tdg = TdgRun.Start(args);

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Empty(tdg.Output.Lines);
        var error = string.Join("\n", tdg.Error.Lines);
        Assert.Contains($"tdg {args[0]}: ", error, StringComparison.Ordinal);
        Assert.Contains("is a multicast group: give --interface", error, StringComparison.Ordinal);
        Assert.Contains("can leave the machine", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_without_address_binds_127_0_0_1()
    {
        var tdg = TdgRun.Start("listen", "0", "--timeout", "0.2");

        var listening = await tdg.Error.NextAsync("tdg: listening on ");
        Assert.StartsWith("tdg: listening on 127.0.0.1:", listening, StringComparison.Ordinal);
        Assert.Equal(0, await tdg.FinishedAsync());
    }
}

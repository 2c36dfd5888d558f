using System.Text.Json;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Cli.Tests;

public sealed class ListenCommandTests
{
    [Fact]
    public async Task Listen_prints_each_datagram_as_JSON_with_sender_size_type_id_and_members()
    {
        var tdg = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--count", "1");
        var port = await tdg.ListeningPortAsync();
        await using var client = Dgram.CreateSocket("udp4");
        await client.BindAsync(0, "127.0.0.1");

        var size = await client.SendAsync(new Greeting(7, "hello"), port, "127.0.0.1");

        using var line = JsonDocument.Parse(await tdg.Output.NextAsync());
        Assert.Equal($"127.0.0.1:{client.Address().Port}", line.RootElement.GetProperty("from").GetString());
        Assert.Equal(size, line.RootElement.GetProperty("size").GetInt32());
        Assert.Equal(1u, line.RootElement.GetProperty("typeId").GetUInt32());
        Assert.Equal("""[7,"hello"]""", line.RootElement.GetProperty("members").GetRawText());
        Assert.Equal(0, await tdg.FinishedAsync());
    }

    [Fact]
    public async Task Listen_with_contracts_names_the_contract_and_its_members()
    {
        var tdg = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--count", "1", "--contracts", typeof(Greeting).Assembly.Location);
        var port = await tdg.ListeningPortAsync();
        await using var client = Dgram.CreateSocket("udp4");

        await client.SendAsync(new Reading("t1", [1.5, -2], DateTimeOffset.UnixEpoch), port, "127.0.0.1");

        using var line = JsonDocument.Parse(await tdg.Output.NextAsync());
        Assert.Equal(typeof(Reading).FullName, line.RootElement.GetProperty("contract").GetString());
        var message = line.RootElement.GetProperty("message");
        Assert.Equal("t1", message.GetProperty("Sensor").GetString());
        Assert.Equal("[1.5,-2]", message.GetProperty("Values").GetRawText());
        Assert.Equal(DateTimeOffset.UnixEpoch, message.GetProperty("TakenAt").GetDateTimeOffset());
        Assert.Equal(0, await tdg.FinishedAsync());
    }

    [Fact]
    public async Task Listen_prints_bytes_that_are_not_a_datagram_as_an_error_with_their_hex()
    {
        var tdg = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--count", "1");
        var port = await tdg.ListeningPortAsync();
        await using var client = Dgram.CreateSocket("udp4");

        await client.SendAsync("hi", port, "127.0.0.1");

        using var line = JsonDocument.Parse(await tdg.Output.NextAsync());
        Assert.Equal("6869", line.RootElement.GetProperty("hex").GetString());
        Assert.False(string.IsNullOrEmpty(line.RootElement.GetProperty("error").GetString()));
        Assert.False(line.RootElement.TryGetProperty("typeId", out _));
        Assert.Equal(0, await tdg.FinishedAsync());
        Assert.Contains("1 datagrams, 2 bytes, 1 undecodable", tdg.Error.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_joins_a_multicast_group_on_the_given_interface()
    {
        var group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        var tdg = TdgRun.Start("listen", "0", "--address", group, "--group", group, "--interface", "127.0.0.1", "--count", "1");
        var port = await tdg.ListeningPortAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await sender.BindAsync(0, "127.0.0.1");
        sender.SetMulticastInterface("127.0.0.1");
        sender.SetMulticastLoopback(true);

        await sender.SendAsync(new Greeting(3, "group"), port, group);

        using var line = JsonDocument.Parse(await tdg.Output.NextAsync());
        Assert.Equal("""[3,"group"]""", line.RootElement.GetProperty("members").GetRawText());
        Assert.Equal(0, await tdg.FinishedAsync());
    }

    [Fact]
    public async Task Listen_stops_after_count_datagrams()
    {
        var tdg = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--count", "2");
        var port = await tdg.ListeningPortAsync();
        await using var client = Dgram.CreateSocket("udp4");

        for (var seq = 0; seq < 3; seq++)
        {
            await client.SendAsync(new Greeting(seq, "x"), port, "127.0.0.1");
        }

        Assert.Equal(0, await tdg.FinishedAsync());
        Assert.Equal(2, tdg.Output.Lines.Count);
    }

    [Fact]
    public async Task Listen_timeout_ends_a_quiet_run_with_the_counters()
    {
        var tdg = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--timeout", "0.2");

        Assert.Equal(0, await tdg.FinishedAsync());
        Assert.Empty(tdg.Output.Lines);
        Assert.StartsWith("tdg: 0 datagrams, 0 bytes, 0 undecodable", tdg.Error.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_timeout_before_count_is_reached_exits_with_2()
    {
        var tdg = TdgRun.Start("listen", "0", "--address", "127.0.0.1", "--count", "5", "--timeout", "0.2");

        Assert.Equal(2, await tdg.FinishedAsync());
    }

    [Fact]
    public async Task Listen_on_a_port_in_use_fails_with_EADDRINUSE()
    {
        await using var occupant = Dgram.CreateSocket("udp4");
        await occupant.BindAsync(0, "127.0.0.1");

        var tdg = TdgRun.Start("listen", occupant.Address().Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--timeout", "1");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains("EADDRINUSE", tdg.Error.Lines[^1], StringComparison.Ordinal);
    }
}

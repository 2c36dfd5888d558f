using System.Buffers;
using NATS.Client.Core;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Nats.Tests;

/// <summary>The NATS bus against one real nats-server on 127.0.0.1 with its own port.</summary>
public sealed class NatsBusTests
{
    private static NatsBusOptions Options(NatsServer server, string bus = "ticks") => new() { Url = server.Url, Bus = bus };

    [SkippableFact]
    public async Task Every_publication_reaches_a_subscriber_on_the_same_server_counted_per_publisher()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        await using var subscriber = await NatsBus.ConnectAsync(Options(server));

        // No heartbeats: the connection's exact count of messages is of publications alone.
        await using var publisher = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks", HeartbeatPeriod = Timeout.InfiniteTimeSpan });
        using var inbox = new Inbox<Quote>(subscriber);

        for (var i = 0; i < 200; i++)
        {
            await publisher.PublishAsync(new Quote("ACME", i));
        }

        var received = await inbox.WaitForAsync(200);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), received.Select(r => r.Message.Cents));
        Assert.Equal(new RemoteInfo(publisher.SubjectOf<Quote>(), "nats", 0, received[0].From.Size), received[0].From);
        var stats = subscriber.Stats;
        Assert.Equal(200, stats.Received);
        Assert.Equal(0, stats.Lost);
        Assert.Equal(publisher.PublisherId, Assert.Single(stats.Publishers).PublisherId);
        Assert.Equal(200, publisher.Connection.Published);
    }

    [SkippableFact]
    public async Task A_publication_on_NATS_is_the_multicast_bus_bytes_under_the_subject_prefix_bus_typeId()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        await using var raw = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var rawSubscription = await raw.SubscribeCoreAsync<byte[]>("tdg.ticks.>");
        await raw.PingAsync();
        await using var publisher = await NatsBus.ConnectAsync(Options(server));

        await publisher.PublishAsync(new Quote("ACME", 1234));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var message = await rawSubscription.Msgs.ReadAsync(timeout.Token);

        Assert.Equal($"tdg.ticks.{TypeIdOf<Quote>.Value}", message.Subject);
        var expected = PooledEnvelope.Serialize(new Quote("ACME", 1234), new PublicationPrefix(publisher.PublisherId, 0), out var length, out _);
        Assert.Equal(expected.AsSpan(0, length).ToArray(), message.Data);
        ArrayPool<byte>.Shared.Return(expected);
    }

    [SkippableFact]
    public async Task In_a_queue_group_each_publication_reaches_exactly_one_member()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var members = new List<NatsBus>();
        var inboxes = new List<Inbox<Quote>>();
        for (var i = 0; i < 3; i++)
        {
            var member = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks", QueueGroup = "workers" });
            members.Add(member);
            inboxes.Add(new Inbox<Quote>(member));
        }

        await using var publisher = await NatsBus.ConnectAsync(Options(server));
        for (var i = 0; i < 300; i++)
        {
            await publisher.PublishAsync(new Quote("ACME", i));
        }

        Assert.True(await Eventually.TrueAsync(() => inboxes.Sum(inbox => inbox.Count) >= 300), "300 publications did not arrive");
        var all = inboxes.SelectMany(inbox => inbox.Items.Select(item => item.Message.Cents)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), all);
        Assert.All(inboxes, inbox => Assert.True(inbox.Count > 0, "a member received nothing: the group did not share"));
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_bus_that_takes_one_contract_subscribes_to_its_subject_alone()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var options = Options(server);
        options.TypeIds.Add(TypeIdOf<Quote>.Value);
        await using var quotesOnly = await NatsBus.ConnectAsync(options);
        await using var everything = await NatsBus.ConnectAsync(Options(server));
        using var quotes = new Inbox<Quote>(quotesOnly);
        using var fills = new Inbox<Fill>(everything);
        await using var publisher = await NatsBus.ConnectAsync(Options(server));

        await publisher.PublishAsync(new Quote("ACME", 1));
        await publisher.PublishAsync(new Fill(1));
        await publisher.PublishAsync(new Quote("ACME", 2));
        await fills.WaitForAsync(1);
        await quotes.WaitForAsync(2);

        Assert.Equal([$"tdg.ticks.{TypeIdOf<Quote>.Value}", "tdg.ticks.control", "tdg.ticks.control.all"], quotesOnly.Subjects);
        Assert.Equal(["tdg.ticks.*", "tdg.ticks.control.all"], everything.Subjects);
        Assert.Equal(0, quotesOnly.Stats.Unhandled); // the fill never reached it
        Assert.Equal(2, quotesOnly.Stats.Received);
        Assert.Equal(1, quotesOnly.Stats.Lost); // the fill's sequence number, as NatsBusOptions.TypeIds documents
        Assert.Equal(2, everything.Stats.Unhandled); // it took every contract, and subscribes to fills only
    }

    [SkippableFact]
    public async Task Hostile_messages_on_the_bus_subjects_are_counted_malformed_and_the_bus_goes_on()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        await using var subscriber = await NatsBus.ConnectAsync(Options(server));
        var reports = new List<MalformedPublicationException>();
        subscriber.Malformed += error =>
        {
            lock (reports)
            {
                reports.Add(error);
            }
        };
        using var inbox = new Inbox<Quote>(subscriber);
        await using var raw = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await raw.PublishAsync("tdg.ticks.1", new byte[] { 0x93, 0x01, 0x02, 0x03 }); // a bare contract datagram, no header
        await raw.PublishAsync("tdg.ticks.1", new byte[] { 0x95, 0xa4, (byte)'T', (byte)'D', (byte)'G', (byte)'P', 0x07 }); // unknown version
        await raw.PublishAsync("tdg.ticks.1", Array.Empty<byte>());
        await using var publisher = await NatsBus.ConnectAsync(Options(server));
        await publisher.PublishAsync(new Quote("ACME", 1));

        await inbox.WaitForAsync(1);
        Assert.True(await Eventually.TrueAsync(() => subscriber.Stats.Malformed == 3), $"malformed: {subscriber.Stats}");
        lock (reports)
        {
            Assert.Equal(3, reports.Count);
            Assert.All(reports, report => Assert.Equal("nats", report.From.Family));
            Assert.Contains(reports, report => report.Message.Contains("unsupported version 7", StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task Publishing_while_disconnected_with_Fail_throws_ENOTCONN_and_is_counted()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        var server = await NatsServer.StartAsync();
        // No heartbeats: an idle publisher's would be messages refused while disconnected too, and the counts exact are of publications.
        await using var publisher = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks", WhileDisconnected = NatsDisconnectedPublish.Fail, HeartbeatPeriod = Timeout.InfiniteTimeSpan });
        await publisher.PublishAsync(new Quote("ACME", 0));

        await server.DisposeAsync();
        Assert.True(await Eventually.TrueAsync(() => publisher.Connection.Disconnects == 1), "the client did not notice the server stopped");
        var error = await Assert.ThrowsAsync<DgramException>(async () => await publisher.PublishAsync(new Quote("ACME", 1)));

        Assert.Equal("ENOTCONN", error.Code);
        Assert.Contains("WhileDisconnected", error.Message, StringComparison.Ordinal);
        Assert.Equal(new NatsConnectionStats(Published: 1, PublishedWhileDisconnected: 1, PublishFailed: 1, Disconnects: 1, Reconnects: 0, DroppedByClient: 0), publisher.Connection);
    }

    [SkippableFact]
    public async Task Publishing_while_disconnected_with_Buffer_is_counted_and_delivered_after_the_reconnect()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        var server = await NatsServer.StartAsync();
        var port = server.Port;

        // Core NATS delivers only to the interest the server has: the subscriber must be back before the publisher
        // hands over what it kept, so it retries every 100 ms and the publisher every 10 s (3 s was not enough once, in a
        // full CI run on a loaded 2-core machine: the publisher came back first).
        // No heartbeats: the publisher is idle while disconnected, and its heartbeats would be counted as messages sent then.
        NatsBusOptions Retrying(int milliseconds) => new()
        {
            Url = server.Url,
            Bus = "ticks",
            HeartbeatPeriod = Timeout.InfiniteTimeSpan,
            ConfigureClient = client => client with { ReconnectWaitMin = TimeSpan.FromMilliseconds(milliseconds), ReconnectWaitMax = TimeSpan.FromMilliseconds(milliseconds), ReconnectJitter = TimeSpan.Zero },
        };
        await using var subscriber = await NatsBus.ConnectAsync(Retrying(100));
        await using var publisher = await NatsBus.ConnectAsync(Retrying(10_000));
        using var inbox = new Inbox<Quote>(subscriber);
        await publisher.PublishAsync(new Quote("ACME", 0));
        await inbox.WaitForAsync(1);

        await server.DisposeAsync();
        Assert.True(await Eventually.TrueAsync(() => publisher.Connection.Disconnects == 1), "the client did not notice the server stopped");
        var buffered = publisher.PublishAsync(new Quote("ACME", 1)).AsTask();
        await using var restarted = await NatsServer.StartAsync(port);
        Assert.True(await Eventually.TrueAsync(() => subscriber.Connection.Reconnects == 1), "the subscriber did not reconnect");
        Assert.True(publisher.Connection.Reconnects == 0, "the publisher reconnected before the subscriber: the test's premise failed on a slow machine");
        await buffered.WaitAsync(TimeSpan.FromSeconds(30));

        var received = await inbox.WaitForAsync(2);
        Assert.Equal([0L, 1L], received.Select(r => r.Message.Cents));
        Assert.Equal(1, publisher.Connection.PublishedWhileDisconnected);
        Assert.Equal(1, publisher.Connection.Reconnects);
        Assert.Equal(0, subscriber.Stats.Lost);
    }

    [SkippableFact]
    public async Task Connecting_to_no_server_throws_ECONNREFUSED_with_what_to_check()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        var port = NatsServer.FreePort();
        var error = await Assert.ThrowsAsync<DgramException>(() => NatsBus.ConnectAsync(new NatsBusOptions { Url = $"nats://127.0.0.1:{port}", Bus = "ticks" }));

        Assert.Equal("ECONNREFUSED", error.Code);
        Assert.Contains($"nats://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("nats-server", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Credentials_are_passed_to_the_client_and_wrong_ones_throw_EACCES_naming_the_options()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync(extra: ["--user", "ticker", "--pass", "s3cret"]);
        await using var allowed = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks", Username = "ticker", Password = "s3cret" });
        using var inbox = new Inbox<Quote>(allowed);
        await allowed.PublishAsync(new Quote("ACME", 1));
        Assert.Single(await inbox.WaitForAsync(1));

        var error = await Assert.ThrowsAsync<DgramException>(() => NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks", Username = "ticker", Password = "wrong" }));
        Assert.Equal("EACCES", error.Code);
        Assert.Contains("Username/Password", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bus", "a.b")]
    [InlineData("Bus", "a b")]
    [InlineData("Bus", ">")]
    [InlineData("SubjectPrefix", "tdg.*")]
    [InlineData("SubjectPrefix", "")]
    public async Task Subject_tokens_NATS_cannot_take_throw_ERR_INVALID_ARG_VALUE(string option, string value)
    {
        var options = option == "Bus" ? new NatsBusOptions { Bus = value } : new NatsBusOptions { SubjectPrefix = value };
        var error = await Assert.ThrowsAsync<DgramException>(() => NatsBus.ConnectAsync(options));

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
        Assert.Contains($"\"{option}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_limit_beyond_the_NATS_payload_limit_throws_ERR_OUT_OF_RANGE()
    {
        var error = await Assert.ThrowsAsync<DgramException>(() => NatsBus.ConnectAsync(new NatsBusOptions { MaxDatagramSize = NatsBus.MaxPayload + 1 }));

        Assert.Equal(DgramErrorCode.OutOfRange, error.Code);
        Assert.Contains("MaxDatagramSize", error.Message, StringComparison.Ordinal);
    }
}

using NATS.Client.Core;
using TypedDgram.PubSub;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// Heartbeats and liveliness on the NATS bus (issue 15), against a real nats-server: heartbeats flow on the subject every
/// bus hears (<c>prefix.bus.control.all</c>, in a queue group too), and a NATS bus raises PublisherJoined and
/// PublisherLost as a multicast bus does. Every wait is bounded.
/// </summary>
public sealed class NatsLivelinessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static NatsBusOptions Options(NatsServer server, int leaseMilliseconds = 2000) => new()
    {
        Url = server.Url,
        Bus = "ticks",
        HeartbeatPeriod = TimeSpan.FromMilliseconds(50),
        LeaseDuration = TimeSpan.FromMilliseconds(leaseMilliseconds),
    };

    private static Task<PublisherLivelinessEventArgs> Next(ITypedBus bus, ulong publisherId, bool joined)
    {
        var found = new TaskCompletionSource<PublisherLivelinessEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Take(PublisherLivelinessEventArgs change)
        {
            if (change.PublisherId == publisherId && change.Joined == joined)
            {
                found.TrySetResult(change);
            }
        }

        if (joined)
        {
            bus.PublisherJoined += Take;
        }
        else
        {
            bus.PublisherLost += Take;
        }

        return found.Task.WaitAsync(Patience);
    }

    [SkippableFact]
    public async Task A_NATS_publisher_is_joined_on_its_first_publication_and_lost_when_its_lease_expires_after_it_went_away()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        await using var subscriber = await NatsBus.ConnectAsync(Options(server));
        var publisher = await NatsBus.ConnectAsync(Options(server, leaseMilliseconds: 1000));
        var joined = Next(subscriber, publisher.PublisherId, joined: true);
        var lost = Next(subscriber, publisher.PublisherId, joined: false);

        await publisher.PublishAsync(new Quote("ACME", 1));
        Assert.Equal(PublisherLivelinessReason.FirstPublication, (await joined).Reason);
        await publisher.DisposeAsync();

        var loss = await lost;
        Assert.Equal((PublisherLivelinessReason.LeaseExpired, 1L, false), (loss.Reason, loss.Stats.Received, loss.Stats.Alive));
        Assert.Equal(1, subscriber.Stats.PublishersLost);
    }

    [SkippableFact]
    public async Task Heartbeats_flow_on_the_every_bus_subject_and_tell_a_late_NATS_subscriber_of_an_idle_publisher()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        await using var raw = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var control = await raw.SubscribeCoreAsync<byte[]>("tdg.ticks.control.all");
        await raw.PingAsync();
        await using var publisher = await NatsBus.ConnectAsync(Options(server));
        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(new Quote("ACME", i));
        }

        using var timeout = new CancellationTokenSource(Patience);
        var heartbeat = await control.Msgs.ReadAsync(timeout.Token);
        await using var subscriber = await NatsBus.ConnectAsync(Options(server));

        // Read from the stats, not the event: a heartbeat may arrive before a handler could be added after connecting.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        PublisherStats? heard;
        while ((heard = subscriber.Stats.Publishers.SingleOrDefault(p => p.PublisherId == publisher.PublisherId)) is null && clock.Elapsed < Patience)
        {
            await Task.Delay(10);
        }

        Assert.True(PublicationHeader.TryRead(heartbeat.Data, out var header, out _));
        Assert.Equal((FrameKind.Heartbeat, publisher.PublisherId), (header.Kind, header.PublisherId));
        Assert.NotNull(heard);
        Assert.Equal((0L, 0L, 2UL, true), (heard.Received, heard.Lost, heard.HighestSequence, heard.Alive));
        Assert.True(heard.Heartbeats >= 1);
        Assert.Equal(1, subscriber.Stats.PublishersJoined);
        Assert.True(publisher.Stats.HeartbeatsSent >= 1);
    }

    [SkippableFact]
    public async Task Every_member_of_a_queue_group_hears_an_idle_publishers_heartbeats_and_none_reports_it_lost()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var members = new List<NatsBus>();
        var lostReports = 0;
        for (var i = 0; i < 3; i++)
        {
            var options = Options(server, leaseMilliseconds: 1000);
            options.QueueGroup = "workers";
            var member = await NatsBus.ConnectAsync(options);
            member.PublisherLost += _ => Interlocked.Increment(ref lostReports);
            members.Add(member);
        }

        // A heartbeat every 50 ms while the publisher stays idle for a second: with the group's share (a third each),
        // no member would ever count them all.
        await using var publisher = await NatsBus.ConnectAsync(Options(server));
        await publisher.PublishAsync(new Quote("ACME", 1));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1) || publisher.Stats.HeartbeatsSent < 10)
        {
            Assert.True(clock.Elapsed < Patience, $"the publisher sent {publisher.Stats.HeartbeatsSent} heartbeats in {Patience}");
            await Task.Delay(50);
        }

        var sent = publisher.Stats.HeartbeatsSent;
        foreach (var member in members)
        {
            PublisherStats? heard;
            while ((heard = member.Stats.Publishers.SingleOrDefault(p => p.PublisherId == publisher.PublisherId)) is not { } stats || stats.Heartbeats < sent)
            {
                Assert.True(clock.Elapsed < Patience, $"a member of the group heard {heard?.Heartbeats ?? 0} of the publisher's {sent} heartbeats");
                await Task.Delay(20);
            }

            Assert.True(heard.Alive, "a member of the group reports the idle publisher not alive");
            await member.DisposeAsync();
        }

        Assert.Equal(0, Volatile.Read(ref lostReports));
    }

    [SkippableFact]
    public async Task In_a_queue_group_a_publication_larger_than_MaxDatagramSize_is_refused_with_EMSGSIZE_naming_the_group()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var options = Options(server);
        options.QueueGroup = "workers";
        await using var member = await NatsBus.ConnectAsync(options);
        await using var outside = await NatsBus.ConnectAsync(Options(server));
        var large = new Quote(new string('x', 4000), 1);

        var error = await Assert.ThrowsAsync<TypedDgram.Sockets.DgramException>(async () => await member.PublishAsync(large));
        await outside.PublishAsync(large);

        Assert.Equal("EMSGSIZE", error.Code);
        Assert.Contains("queue group (\"workers\")", error.Message);
    }
}

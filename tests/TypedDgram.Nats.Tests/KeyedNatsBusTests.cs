using System.Buffers;
using NATS.Client.Core;
using TypedDgram.PubSub;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// Issue 18: a NATS bus with a group key (NatsBusOptions.Key) delivers genuine publications and rejects, counts and never
/// delivers forged, replayed and tampered ones that anyone with access to the server's subjects publishes.
/// </summary>
public sealed class KeyedNatsBusTests
{
    private static GroupKey Key(int id, byte fill) => new(id, Enumerable.Range(0, 32).Select(i => (byte)(fill + i)).ToArray());

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_keyed_NATS_bus_delivers_genuine_publications_and_rejects_forged_replayed_and_tampered_ones(bool confidential)
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var key = Key(1, 0x10);
        NatsBusOptions Options() => new() { Url = server.Url, Bus = "ticks", Key = key, Confidential = confidential };
        await using var raw = new NatsConnection(NatsOpts.Default with { Url = server.Url });
        await using var wire = await raw.SubscribeCoreAsync<byte[]>("tdg.ticks.>");
        await raw.PingAsync();
        await using var subscriber = await NatsBus.ConnectAsync(Options());
        await using var publisher = await NatsBus.ConnectAsync(Options());
        using var inbox = new Inbox<Quote>(subscriber);

        await publisher.PublishAsync(new Quote("ACME", 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var genuine = await wire.Msgs.ReadAsync(timeout.Token);
        await inbox.WaitForAsync(1);

        var tampered = (byte[])genuine.Data!.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        var forgedRing = new BusKeyRing(Key(1, 0x77), [], confidential, publisherId: 99);   // the right key id, the wrong secret
        var forgedBuffer = forgedRing.SealPublication(new Quote("EVIL", 666), 99, 0, out var forgedLength, out _);
        var forged = forgedBuffer.AsSpan(0, forgedLength).ToArray();
        ArrayPool<byte>.Shared.Return(forgedBuffer);
        await raw.PublishAsync(genuine.Subject, genuine.Data);   // replayed
        await raw.PublishAsync(genuine.Subject, tampered);
        await raw.PublishAsync(genuine.Subject, forged);

        Assert.True(await Eventually.TrueAsync(() => subscriber.Stats.Rejected >= 3), $"rejected {subscriber.Stats.Rejected} of 3");
        await publisher.PublishAsync(new Quote("ACME", 2));
        var received = await inbox.WaitForAsync(2);

        Assert.Equal([1L, 2L], received.Select(r => r.Message.Cents));
        Assert.Equal(3, subscriber.Stats.Rejected);
        Assert.Equal(2, subscriber.Stats.Received);
    }

    [SkippableFact]
    public async Task A_bus_without_the_key_cannot_read_a_keyed_bus_and_a_keyed_bus_rejects_unkeyed_publications()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        await using var keyed = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks", Key = Key(1, 0x10) });
        await using var plain = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks" });
        using var keyedInbox = new Inbox<Quote>(keyed);
        using var plainInbox = new Inbox<Quote>(plain);

        await plain.PublishAsync(new Quote("PLAIN", 1));
        await keyed.PublishAsync(new Quote("KEYED", 2));

        Assert.True(await Eventually.TrueAsync(() => keyed.Stats.Rejected >= 1 && plain.Stats.Malformed >= 1), $"keyed rejected {keyed.Stats.Rejected}, plain malformed {plain.Stats.Malformed}");
        // Each hears its own publication back (Echo): only that one.
        Assert.Equal(["KEYED"], (await keyedInbox.WaitForAsync(1)).Select(r => r.Message.Symbol));
        Assert.Equal(["PLAIN"], (await plainInbox.WaitForAsync(1)).Select(r => r.Message.Symbol));
    }

    [Fact]
    public async Task Accepted_keys_without_a_key_are_refused_before_connecting()
    {
        var error = await Assert.ThrowsAsync<TypedDgram.Sockets.DgramException>(() => NatsBus.ConnectAsync(
            new NatsBusOptions { Url = "nats://127.0.0.1:1", Bus = "ticks", AcceptedKeys = [Key(2, 0x20)] }));
        Assert.Equal("ERR_INVALID_ARG_VALUE", error.Code);
    }
}

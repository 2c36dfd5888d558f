namespace TypedDgram.Nats.Tests;

/// <summary>Issue 18: a NATS bus whose handler is stuck still closes, and then refuses publications with ObjectDisposedException.</summary>
public sealed class NatsBusStuckHandlerTests
{
    [SkippableFact]
    public async Task DisposeAsync_returns_while_a_handler_is_stuck()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var bus = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "ticks" });
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        using var subscription = bus.Subscribe<Quote>((_, _) =>
        {
            Interlocked.Increment(ref calls);
            entered.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(90));   // bounded: the test releases it at the end whatever happens
        });
        try
        {
            await bus.PublishAsync(new Quote("ACME", 1));
            await bus.PublishAsync(new Quote("ACME", 2));
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Before: DisposeAsync waited for the delivery loop, and so for the handler, forever.
            await bus.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

            await Assert.ThrowsAsync<ObjectDisposedException>(() => bus.PublishAsync(new Quote("ACME", 3)).AsTask());
        }
        finally
        {
            release.Set();
        }

        // The second publication was waiting behind the stuck handler: it is not delivered after the bus closed.
        Assert.Equal(1, Volatile.Read(ref calls));
    }
}

using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Contracts;

namespace TypedDgram.Tests.Messaging.Requests;

public class DatagramTestHostTests
{
    [Fact]
    public async Task RequestAsync_runs_the_generated_dispatch_and_returns_the_handlers_response()
    {
        using var host = new DatagramTestHost();
        var handlers = new QuoteServer();
        host.Attach(handlers);

        var quote = await host.RequestAsync(new GetQuote("ACME"));

        Assert.Equal(new Quote("ACME", 101.25m, 1), quote);
        var sent = Assert.Single(host.Sent);
        Assert.Equal(host.DefaultSender.Port, sent.Port);
        Assert.Equal(host.DefaultSender.Address, sent.Address);
        Assert.True(sent.Is<Quote>());
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task An_async_handlers_response_is_awaited()
    {
        using var host = new DatagramTestHost();
        host.Attach(new QuoteServer());

        Assert.Equal(new Counted(4), await host.RequestAsync(new Increment(4)));
    }

    [Fact]
    public async Task The_same_correlation_id_from_the_same_sender_is_answered_from_the_cache_without_running_again()
    {
        using var host = new DatagramTestHost();
        var handlers = new QuoteServer();
        var attachment = host.Attach(handlers);

        var first = await host.RequestAsync(new Increment(2), correlationId: 42);
        var again = await host.RequestAsync(new Increment(2), correlationId: 42);
        var fromElsewhere = await host.RequestAsync(new Increment(2), new RemoteInfo("127.0.0.2", "IPv4", 50_000, 0), correlationId: 42);

        Assert.Equal(new Counted(2), first);
        Assert.Equal(first, again);
        Assert.Equal(new Counted(4), fromElsewhere);
        Assert.Equal(2, handlers.IncrementRuns);
        Assert.Equal(1, attachment.DuplicateRequests);
        Assert.Equal(3, host.Sent.Count);
    }

    [Fact]
    public async Task A_duplicate_of_a_request_still_running_is_dropped_and_the_handler_runs_once()
    {
        using var host = new DatagramTestHost();
        var handlers = new QuoteServer { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var attachment = host.Attach(handlers);

        var first = host.RequestAsync(new Increment(1), correlationId: 7);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.RequestAsync(new Increment(1), correlationId: 7));
        handlers.Gate.SetResult();

        Assert.Equal(new Counted(1), await first);
        Assert.Equal(1, handlers.IncrementRuns);
        Assert.Equal(1, attachment.DuplicateRequests);
    }

    [Fact]
    public async Task The_response_cache_holds_the_last_capacity_requests_and_an_older_duplicate_runs_again()
    {
        using var host = new DatagramTestHost();
        var handlers = new QuoteServer();
        var attachment = host.Attach(handlers, responseCacheCapacity: 2);

        await host.RequestAsync(new Increment(1), correlationId: 1);
        await host.RequestAsync(new Increment(1), correlationId: 2);
        await host.RequestAsync(new Increment(1), correlationId: 3);
        Assert.Equal(2, attachment.Responder.CachedCount);

        await host.RequestAsync(new Increment(1), correlationId: 3);
        Assert.Equal(3, handlers.IncrementRuns);

        await host.RequestAsync(new Increment(1), correlationId: 1);
        Assert.Equal(4, handlers.IncrementRuns);
        Assert.Equal(2, attachment.Responder.CachedCount);
    }

    [Fact]
    public async Task A_failed_handler_goes_to_Errors_sends_nothing_and_its_retry_runs_again()
    {
        using var host = new DatagramTestHost();
        var handlers = new QuoteServer { Fail = new InvalidOperationException("no quotes today") };
        host.Attach(handlers);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.RequestAsync(new GetQuote("ACME"), correlationId: 5));
        handlers.Fail = null;
        var quote = await host.RequestAsync(new GetQuote("ACME"), correlationId: 5);

        Assert.Equal("no quotes today", Assert.Single(host.Errors).Message);
        Assert.Equal(1, quote.Run);
        Assert.Single(host.Sent);
    }

    [Fact]
    public async Task One_way_messages_and_malformed_bytes_are_dispatched_and_reported_as_a_socket_would()
    {
        using var host = new DatagramTestHost();
        var handlers = new RecordingHandlers();
        var attachment = host.Attach(handlers);

        await host.DeliverAsync(new Ping(1, DateTimeOffset.UnixEpoch));
        await host.DeliverAsync(new byte[] { 0x92, 0x01 });

        Assert.Equal(new Ping(1, DateTimeOffset.UnixEpoch), (await handlers.NextAsync()).Message);
        Assert.Equal(1, attachment.Dispatched);
        Assert.IsType<MalformedDatagramException>(Assert.Single(host.Errors));
        Assert.Empty(host.Sent);
    }

    [Fact]
    public async Task A_disposed_host_throws_ERR_SOCKET_DGRAM_NOT_RUNNING()
    {
        var host = new DatagramTestHost();
        host.Attach(new QuoteServer());
        host.Dispose();

        var error = await Assert.ThrowsAsync<DgramException>(() => host.RequestAsync(new GetQuote("ACME")));
        Assert.Equal("ERR_SOCKET_DGRAM_NOT_RUNNING", error.Code);
    }
}

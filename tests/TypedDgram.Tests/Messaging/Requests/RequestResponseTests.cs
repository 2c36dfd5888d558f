using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Diagnostics;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Messaging.Requests;

public class RequestResponseTests
{
    private static readonly RequestOptions Patient = new() { Timeout = TimeSpan.FromMilliseconds(300), Retries = 3, Backoff = 2 };

    private static async Task<DgramSocket> BoundAsync(Channel<Exception>? errors = null)
    {
        var socket = Dgram.CreateSocket("udp4");
        if (errors is not null)
        {
            socket.Error += error => errors.Writer.TryWrite(error);
        }

        await socket.BindAsync(0, "127.0.0.1").WaitAsync(Wait.Timeout);
        return socket;
    }

    [Fact]
    public async Task RequestAsync_completes_with_the_response_a_sync_handler_returned()
    {
        await using var server = await BoundAsync();
        var handlers = new QuoteServer();
        using var attachment = server.Attach(handlers);
        await using var client = await BoundAsync();

        var quote = await client.RequestAsync(new GetQuote("ACME"), server.Address().Port, "127.0.0.1", Patient).WaitAsync(Wait.Timeout);

        Assert.Equal(new Quote("ACME", 101.25m, 1), quote);
        Assert.Equal(1, handlers.QuoteRuns);
    }

    [Fact]
    public async Task RequestAsync_completes_with_the_response_an_async_handler_returned()
    {
        await using var server = await BoundAsync();
        using var attachment = server.Attach(new QuoteServer());
        await using var client = await BoundAsync();

        var counted = await client.RequestAsync(new Increment(5), server.Address().Port, "127.0.0.1", TimeSpan.FromSeconds(2), retries: 0).WaitAsync(Wait.Timeout);

        Assert.Equal(new Counted(5), counted);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_response()
    {
        await using var server = await BoundAsync();
        using var attachment = server.Attach(new QuoteServer());
        await using var client = await BoundAsync();

        var symbols = Enumerable.Range(0, 20).Select(i => "S" + i).ToArray();
        var quotes = await Task.WhenAll(symbols.Select(s => client.RequestAsync(new GetQuote(s), server.Address().Port, "127.0.0.1", Patient))).WaitAsync(Wait.Timeout);

        Assert.Equal(symbols, quotes.Select(q => q.Symbol));
    }

    [Fact]
    public async Task A_retried_request_whose_first_response_was_lost_runs_once_and_its_response_arrives()
    {
        await using var server = await BoundAsync();
        var handlers = new QuoteServer();
        using var attachment = server.Attach(handlers);
        await using var relay = await LossyRelay.StartAsync(server.Address().Port, dropResponses: 1);
        await using var client = await BoundAsync();

        var counted = await client.RequestAsync(new Increment(7), relay.Port, "127.0.0.1", Patient).WaitAsync(Wait.Timeout);

        Assert.Equal(new Counted(7), counted);
        Assert.Equal(1, relay.ResponsesDropped);
        Assert.Equal(1, handlers.IncrementRuns);
        Assert.Equal(1, attachment.DuplicateRequests);
    }

    [Fact]
    public async Task A_request_whose_first_copy_was_lost_is_retried_and_answered()
    {
        await using var server = await BoundAsync();
        var handlers = new QuoteServer();
        using var attachment = server.Attach(handlers);
        await using var relay = await LossyRelay.StartAsync(server.Address().Port, dropRequests: 1);
        await using var client = await BoundAsync();

        var counted = await client.RequestAsync(new Increment(3), relay.Port, "127.0.0.1", Patient).WaitAsync(Wait.Timeout);

        Assert.Equal(new Counted(3), counted);
        Assert.Equal(1, relay.RequestsDropped);
        Assert.Equal(1, handlers.IncrementRuns);
        Assert.Equal(0, attachment.DuplicateRequests);
    }

    [Fact]
    public async Task No_answer_after_every_retry_throws_RequestTimeoutException()
    {
        await using var server = await BoundAsync();
        var handlers = new QuoteServer();
        using var attachment = server.Attach(handlers);
        await using var client = await BoundAsync();
        var options = new RequestOptions { Timeout = TimeSpan.FromMilliseconds(50), Retries = 2, Backoff = 2 };

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RequestTimeoutException>(() => client.RequestAsync(new Ignored(1), server.Address().Port, "127.0.0.1", options).WaitAsync(Wait.Timeout));

        Assert.IsAssignableFrom<TimeoutException>(error);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(typeof(Ignored).FullName, error.RequestType);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(50 + 100 + 200 - 20), "waits 50, 100 and 200 ms");
        Assert.Equal(2, attachment.DuplicateRequests);
        Assert.Equal(0, client.RequesterPendingCount());
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_with_OperationCanceledException()
    {
        await using var server = await BoundAsync();
        using var attachment = server.Attach(new QuoteServer());
        await using var client = await BoundAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var pending = client.RequestAsync(new Ignored(2), server.Address().Port, "127.0.0.1", new RequestOptions { Timeout = TimeSpan.FromSeconds(30) }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Wait.Timeout));
        Assert.Equal(0, client.RequesterPendingCount());
    }

    [Fact]
    public async Task Closing_the_socket_while_waiting_throws_ERR_SOCKET_DGRAM_NOT_RUNNING()
    {
        await using var server = await BoundAsync();
        var client = await BoundAsync();

        var pending = client.RequestAsync(new Ignored(3), server.Address().Port, "127.0.0.1", new RequestOptions { Timeout = TimeSpan.FromSeconds(30) });
        client.Close();

        var error = await Assert.ThrowsAsync<DgramException>(() => pending.WaitAsync(Wait.Timeout));
        Assert.Equal("ERR_SOCKET_DGRAM_NOT_RUNNING", error.Code);
    }

    [Fact]
    public async Task A_response_nobody_waits_for_is_counted_and_raises_no_error()
    {
        var unmatched = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TypedDgramTelemetry.MeterName && instrument.Name == "typeddgram.responses.unmatched")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref unmatched, value));
        listener.Start();

        await using var server = await BoundAsync();
        var handlers = new QuoteServer { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var attachment = server.Attach(handlers);
        var errors = Channel.CreateUnbounded<Exception>();
        await using var client = await BoundAsync(errors);

        await Assert.ThrowsAsync<RequestTimeoutException>(() => client.RequestAsync(new Increment(1), server.Address().Port, "127.0.0.1", TimeSpan.FromMilliseconds(50), retries: 0).WaitAsync(Wait.Timeout));
        handlers.Gate.SetResult();

        var deadline = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref unmatched) == 0 && Stopwatch.GetElapsedTime(deadline) < Wait.Timeout)
        {
            await Task.Delay(10);
        }

        Assert.True(Interlocked.Read(ref unmatched) >= 1);
        Assert.False(errors.Reader.TryRead(out var error), error?.ToString());
    }

    [Fact]
    public async Task A_response_completes_its_request_and_is_not_dispatched_to_a_handler_of_its_contract()
    {
        await using var server = await BoundAsync();
        using var serving = server.Attach(new QuoteServer());
        await using var client = await BoundAsync();
        var watcher = new QuoteWatcher();
        using var watching = client.Attach(watcher);

        var quote = await client.RequestAsync(new GetQuote("ACME"), server.Address().Port, "127.0.0.1", Patient).WaitAsync(Wait.Timeout);
        await server.SendAsync(new Quote("PLAIN", 1m, 0), client.Address().Port, "127.0.0.1");
        var deadline = Stopwatch.GetTimestamp();
        while (watcher.Seen == 0 && Stopwatch.GetElapsedTime(deadline) < Wait.Timeout)
        {
            await Task.Delay(10);
        }

        Assert.Equal("ACME", quote.Symbol);
        Assert.Equal(1, watcher.Seen);
        Assert.Equal(0, watching.UnhandledCount);
    }

    [Fact]
    public async Task An_authenticated_request_and_its_response_carry_the_trailer_and_verify()
    {
        var key = "a key of thirty-two bytes, shared"u8.ToArray();
        await using var server = await BoundAsync();
        server.UseAuthenticationKey(key);
        using var serving = server.Attach(new DoorServer());
        await using var client = await BoundAsync();
        client.UseAuthenticationKey(key);

        var unlocked = await client.RequestAsync(new Unlock(4), server.Address().Port, "127.0.0.1", Patient).WaitAsync(Wait.Timeout);

        Assert.Equal(new Unlocked(4, true), unlocked);
        Assert.Equal(0, serving.Unauthenticated);
    }

    [Fact]
    public async Task An_authenticated_request_from_a_socket_with_another_key_gets_no_answer()
    {
        await using var server = await BoundAsync();
        server.UseAuthenticationKey("a key of thirty-two bytes, shared"u8);
        using var serving = server.Attach(new DoorServer());
        await using var client = await BoundAsync();
        client.UseAuthenticationKey("another key, not the server's one"u8);

        await Assert.ThrowsAsync<RequestTimeoutException>(() => client.RequestAsync(new Unlock(4), server.Address().Port, "127.0.0.1", TimeSpan.FromMilliseconds(100), retries: 0).WaitAsync(Wait.Timeout));
        Assert.Equal(1, serving.Unauthenticated);
    }

    [Fact]
    public async Task A_request_sent_as_a_plain_message_runs_its_handler_and_gets_no_response()
    {
        await using var server = await BoundAsync();
        var handlers = new QuoteServer();
        using var attachment = server.Attach(handlers);
        await using var client = await BoundAsync();
        var received = 0;
        client.Message += (_, _) => Interlocked.Increment(ref received);

        await client.SendAsync(new GetQuote("ACME"), server.Address().Port, "127.0.0.1");
        var deadline = Stopwatch.GetTimestamp();
        while (handlers.QuoteRuns == 0 && Stopwatch.GetElapsedTime(deadline) < Wait.Timeout)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, handlers.QuoteRuns);
        await Task.Delay(100);
        Assert.Equal(0, Volatile.Read(ref received));
    }

    [Fact]
    public async Task A_request_is_a_TypedDgram_Request_activity_and_a_duration_measurement()
    {
        var activities = new List<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TypedDgramTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);
        var outcomes = new List<string?>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TypedDgramTelemetry.MeterName && instrument.Name == "typeddgram.request.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "typeddgram.request.outcome")
                {
                    lock (outcomes)
                    {
                        outcomes.Add(tag.Value as string);
                    }
                }
            }
        });
        meterListener.Start();

        await using var server = await BoundAsync();
        using var attachment = server.Attach(new QuoteServer());
        await using var client = await BoundAsync();
        await client.RequestAsync(new GetQuote("TELE"), server.Address().Port, "127.0.0.1", Patient).WaitAsync(Wait.Timeout);

        Activity request;
        lock (activities)
        {
            request = activities.Single(a => a.OperationName == TypedDgramTelemetry.RequestActivityName && (string?)a.GetTagItem("typeddgram.message.type") == typeof(GetQuote).FullName && a.GetTagItem("typeddgram.request.outcome") is "answered");
        }

        Assert.Equal(ActivityKind.Client, request.Kind);
        Assert.Equal(1, request.GetTagItem("typeddgram.request.attempts"));
        lock (outcomes)
        {
            Assert.Contains("answered", outcomes);
        }
    }

    [Theory]
    [InlineData(0, 2, 2.0)]
    [InlineData(100, -1, 2.0)]
    [InlineData(100, 101, 2.0)]
    [InlineData(100, 2, 0.5)]
    [InlineData(100, 2, double.NaN)]
    public async Task Options_out_of_range_throw_before_anything_is_sent(int timeoutMs, int retries, double backoff)
    {
        await using var client = Dgram.CreateSocket("udp4");
        var options = new RequestOptions { Timeout = TimeSpan.FromMilliseconds(timeoutMs), Retries = retries, Backoff = backoff };

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.RequestAsync(new GetQuote("X"), 41234, "127.0.0.1", options); });
    }
}

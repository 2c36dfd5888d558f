using System.Collections.Concurrent;
using System.Diagnostics;
using TypedDgram.Contracts;
using TypedDgram.Diagnostics;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Diagnostics;

[Collection(nameof(TelemetryCollection))]
public sealed class ActivityTests
{
    [Fact]
    public async Task Without_a_listener_dispatch_starts_no_activity()
    {
        await using var server = await BoundAsync();
        await using var client = await BoundAsync();
        var handlers = new TelemetryHandlers();
        using var attachment = server.Attach(handlers);

        await client.SendAsync(new TelemetryProbe(1), server.Address().Port, "127.0.0.1");

        Assert.Null((await handlers.NextAsync()).Current);
    }

    [Fact]
    public async Task Dispatch_activity_is_current_while_the_handler_runs()
    {
        using var listener = Listen(new ConcurrentQueue<Activity>());
        await using var server = await BoundAsync();
        await using var client = await BoundAsync();
        var handlers = new TelemetryHandlers();
        using var attachment = server.Attach(handlers);

        await client.SendAsync(new TelemetryProbe(2), server.Address().Port, "127.0.0.1");

        var current = (await handlers.NextAsync()).Current;
        Assert.NotNull(current);
        Assert.Equal(TypedDgramTelemetry.DispatchActivityName, current.OperationName);
        Assert.Equal(ActivityKind.Consumer, current.Kind);
        Assert.Equal(client.Address().Port, current.GetTagItem("network.peer.port"));
    }

    [Fact]
    public async Task Typed_send_activity_names_the_contract_and_the_destination()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var server = await BoundAsync();
        await using var client = await BoundAsync();

        await client.SendAsync(new TelemetryProbe(3), server.Address().Port, "127.0.0.1");

        var send = Assert.Single(stopped, activity =>
            activity.OperationName == TypedDgramTelemetry.SendActivityName
            && Equals(activity.GetTagItem(TypedDgramTelemetry.MessageTypeTag), typeof(TelemetryProbe).FullName));
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(server.Address().Port, send.GetTagItem("server.port"));
        Assert.Equal("127.0.0.1", send.GetTagItem("server.address"));
        Assert.Equal(TypeIdOf<TelemetryProbe>(), send.GetTagItem(TypedDgramTelemetry.MessageTypeIdTag));
        Assert.Equal(ActivityStatusCode.Unset, send.Status);
    }

    [Fact]
    public async Task Failed_typed_send_marks_its_activity_as_an_error()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var client = await BoundAsync();
        await Wait.For(client.ConnectAsync(9, "127.0.0.1"));

        await Assert.ThrowsAsync<DgramException>(() => client.SendAsync(new TelemetryProbe(4), 9, "127.0.0.1").AsTask());

        var send = Assert.Single(stopped, activity => activity.OperationName == TypedDgramTelemetry.SendActivityName);
        Assert.Equal(ActivityStatusCode.Error, send.Status);
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TypedDgramTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task<DgramSocket> BoundAsync()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        return socket;
    }

    private static long TypeIdOf<T>()
        where T : IDatagram<T> => T.TypeId;
}

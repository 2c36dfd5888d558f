using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Messaging;

/// <summary>A handler class dispatches the [DatagramHandler] methods it inherits; its own handlers and overrides win.</summary>
public sealed class InheritedHandlerTests
{
    [Fact]
    public async Task A_private_handler_of_a_base_class_is_dispatched_through_a_class_without_handlers()
        => Assert.Equal("base 1", await DispatchAsync(new BaseOnly(1)));

    [Fact]
    public async Task An_override_of_a_virtual_base_handler_is_called_instead_of_it()
        => Assert.Equal("derived 2", await DispatchAsync(new Overridden(2)));

    [Fact]
    public async Task A_derived_handler_for_a_contract_the_base_also_handles_replaces_the_base_handler()
        => Assert.Equal("derived 3", await DispatchAsync(new Replaced(3)));

    [Fact]
    public async Task The_derived_class_own_handlers_are_dispatched()
        => Assert.Equal("derived 4", await DispatchAsync(new DerivedOnly(4)));

    private static async Task<string> DispatchAsync<T>(T message)
        where T : IDatagram<T>
    {
        await using var server = Dgram.CreateSocket("udp4");
        await Wait.For(server.BindAsync(0, "127.0.0.1"));
        await using var client = Dgram.CreateSocket("udp4");
        var handlers = new DerivedHandlers();
        using var attachment = server.Attach(handlers);

        await Wait.For(client.SendAsync(message, server.Address().Port, "127.0.0.1").AsTask());

        return await Wait.For(handlers.Calls.Reader.ReadAsync().AsTask());
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Hosting.Tests;

public sealed class DatagramEndpointTests
{
    [Fact]
    public async Task Started_endpoint_dispatches_datagrams_to_the_handlers_resolved_from_DI()
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1"));
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();

        await using var client = Dgram.CreateSocket("udp4");
        await client.SendAsync(new Ping(7), endpoint.Address.Port, "127.0.0.1");

        Assert.Equal(new Ping(7), await Wait.For(host.Services.GetRequiredService<Inbox>().Pings.Reader.ReadAsync()));
        await host.StopAsync();
    }

    [Fact]
    public async Task Handlers_reply_through_the_endpoint_socket()
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1"));
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();

        await using var client = Dgram.CreateSocket("udp4");
        await using var replies = client.ReceiveAsync<Pong>().GetAsyncEnumerator();
        var next = replies.MoveNextAsync();
        await client.SendAsync(new Ping(3), endpoint.Address.Port, "127.0.0.1");

        Assert.True(await Wait.For(next));
        Assert.Equal(new Pong(3, "hosted"), replies.Current.Message);
        Assert.Equal(endpoint.Address.Port, replies.Current.From.Port);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_logs_the_bound_address_and_the_port_the_OS_chose()
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1"));
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();

        var listening = await logs.WaitForAsync(1);

        Assert.Equal(LogLevel.Information, listening.Level);
        Assert.Contains($"127.0.0.1:{endpoint.Address.Port}", listening.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, endpoint.Address.Port);
        await host.StopAsync();
    }

    [Fact]
    public async Task Options_bind_from_configuration_and_the_endpoint_joins_the_multicast_group()
    {
        var group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, (services, configuration) =>
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Udp:Port"] = "0",
                ["Udp:Address"] = group,
                ["Udp:MulticastGroup"] = group,
                ["Udp:MulticastInterface"] = "127.0.0.1",
            });
            services.AddDatagramEndpoint<PingHandlers>(configuration.GetSection("Udp"));
        });
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();

        await using var sender = Dgram.CreateSocket("udp4");
        await sender.BindAsync(0, "127.0.0.1");
        sender.SetMulticastInterface("127.0.0.1");
        sender.SetMulticastLoopback(true);
        await sender.SendAsync(new Ping(11), endpoint.Address.Port, group);

        Assert.Equal(group, endpoint.Address.Address);
        Assert.Contains(group, (await logs.WaitForAsync(2)).Message, StringComparison.Ordinal);
        Assert.Equal(new Ping(11), await Wait.For(host.Services.GetRequiredService<Inbox>().Pings.Reader.ReadAsync()));
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_socket_and_logs_the_counts()
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1"));
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();
        await using var client = Dgram.CreateSocket("udp4");
        await client.SendAsync(new Ping(1), endpoint.Address.Port, "127.0.0.1");
        await Wait.For(host.Services.GetRequiredService<Inbox>().Pings.Reader.ReadAsync());

        await Wait.For(host.StopAsync());

        var error = Assert.Throws<DgramException>(() => endpoint.Socket.Send(new Ping(2), 9));
        Assert.Equal(DgramErrorCode.NotRunning, error.Code);
        Assert.Null(endpoint.Attachment);
        var stopped = (await logs.WaitForAsync(3)).Message;
        Assert.Contains("1 dispatched", stopped, StringComparison.Ordinal);
        Assert.Contains("0 unauthenticated", stopped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_datagram_is_logged_as_a_warning_and_the_endpoint_keeps_receiving()
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1"));
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();

        await using var client = Dgram.CreateSocket("udp4");
        await client.SendAsync(new byte[] { 0xC1, 0x00 }, endpoint.Address.Port, "127.0.0.1");
        await client.SendAsync(new Ping(5), endpoint.Address.Port, "127.0.0.1");

        var malformed = await logs.WaitForAsync(4);
        Assert.Equal(LogLevel.Warning, malformed.Level);
        Assert.IsType<MalformedDatagramException>(malformed.Exception);
        Assert.Equal(new Ping(5), await Wait.For(host.Services.GetRequiredService<Inbox>().Pings.Reader.ReadAsync()));
        await host.StopAsync();
    }

    [Fact]
    public async Task Datagram_with_no_handler_is_logged_at_debug_level_with_its_type_id()
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1"));
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>();

        await using var client = Dgram.CreateSocket("udp4");
        await client.SendAsync(new Unknown(1), endpoint.Address.Port, "127.0.0.1");

        var unhandled = await logs.WaitForAsync(5);
        Assert.Equal(LogLevel.Debug, unhandled.Level);
        Assert.Contains("type id 3 ", unhandled.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_fails_with_EADDRINUSE_when_the_port_is_taken()
    {
        await using var occupant = Dgram.CreateSocket("udp4");
        await occupant.BindAsync(0, "127.0.0.1");
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options =>
        {
            options.Address = "127.0.0.1";
            options.Port = occupant.Address().Port;
        }));

        var error = await Assert.ThrowsAsync<DgramException>(() => Wait.For(host.StartAsync()));

        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
    }

    [Theory]
    [InlineData("udp4", "127.0.0.1")]
    [InlineData("udp6", "::1")]
    public async Task Without_an_address_the_endpoint_binds_the_loopback_address_not_every_address(string type, string loopback)
    {
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services => services.AddDatagramEndpoint<PingHandlers>(options => options.Type = type));

        await host.StartAsync();

        Assert.Equal(loopback, host.Services.GetRequiredService<DatagramEndpoint<PingHandlers>>().Address.Address);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_registered_socket_factory_makes_the_endpoints_socket_so_the_handlers_run_in_memory()
    {
        using var testHost = new DatagramTestHost();
        using var logs = new CapturedLogs();
        using var host = BuildHost(logs, services =>
        {
            services.AddSingleton<DatagramSocketFactory>(testHost.CreateSocket);
            services.AddDatagramEndpoint<PingHandlers>(options => options.Port = 41_234);
        });
        await host.StartAsync();

        await testHost.DeliverAsync(new Ping(4), new RemoteInfo("127.0.0.1", "IPv4", 40_000, 0));

        var reply = Assert.Single(testHost.Sent);
        Assert.Equal((40_000, "127.0.0.1", new Pong(4, "hosted")), (reply.Port, reply.Address, reply.As<Pong>()));
        Assert.Equal(new AddressInfo("127.0.0.1", "IPv4", 41_234), reply.From);
        await host.StopAsync();
    }

    [Fact]
    public void Adding_the_same_handlers_twice_configures_one_endpoint()
    {
        var services = new ServiceCollection();

        services.AddDatagramEndpoint<PingHandlers>(options => options.Port = 1);
        services.AddDatagramEndpoint<PingHandlers>(options => options.Address = "127.0.0.1");

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IHostedService));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(PingHandlers));
    }

    private static IHost BuildHost(CapturedLogs logs, Action<IServiceCollection> configure) =>
        BuildHost(logs, (services, _) => configure(services));

    private static IHost BuildHost(CapturedLogs logs, Action<IServiceCollection, IConfigurationManager> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<Inbox>();
        configure(builder.Services, builder.Configuration);
        return builder.Build();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TypedDgram.Nats;
using TypedDgram.PubSub;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the hosted NATS bus and bridge to a service collection, beside <c>AddDatagramEndpoint</c>.</summary>
public static class NatsServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="NatsBus"/> that connects when the host starts and closes when it stops, with options bound from
    /// <paramref name="configuration"/> (keys as <see cref="NatsBusOptions"/>' properties: <c>Url</c>, <c>Bus</c>,
    /// <c>SubjectPrefix</c>, <c>TypeIds</c>, <c>QueueGroup</c>, <c>Username</c>, <c>Password</c>, <c>Token</c>,
    /// <c>CredsFile</c>, <c>TlsCaFile</c>, ...), then <paramref name="configure"/>. Resolve it as <see cref="ITypedBus"/>
    /// or <see cref="NatsBus"/> once the host has started it (<see cref="NatsBusService.Bus"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A configuration section, for example <c>builder.Configuration.GetSection("Bus")</c>.</param>
    /// <param name="configure">Adjusts the options after binding (for example <see cref="NatsBusOptions.ConfigureClient"/>).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddNatsBus(this IServiceCollection services, IConfiguration configuration, Action<NatsBusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<NatsBusOptions>().Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(descriptor => descriptor.ServiceType == typeof(NatsBusService)))
        {
            services.AddSingleton<NatsBusService>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<NatsBusService>());
            services.AddSingleton(provider => provider.GetRequiredService<NatsBusService>().Bus);
            services.AddSingleton<ITypedBus>(provider => provider.GetRequiredService<NatsBusService>().Bus);
        }

        return services;
    }

    /// <summary>
    /// Adds a <see cref="NatsBridge"/> that relays from the host's start to its stop, with options bound from
    /// <paramref name="configuration"/> (keys <c>Group</c>, <c>Port</c>, <c>Interface</c>, <c>Ttl</c>, a section
    /// <c>Nats</c> as for <see cref="AddNatsBus"/>; <c>TypeIds</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A configuration section, for example <c>builder.Configuration.GetSection("Bridge")</c>.</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddNatsBridge(this IServiceCollection services, IConfiguration configuration, Action<NatsBridgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<NatsBridgeOptions>().Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(descriptor => descriptor.ServiceType == typeof(NatsBridgeService)))
        {
            services.AddSingleton<NatsBridgeService>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<NatsBridgeService>());
        }

        return services;
    }
}

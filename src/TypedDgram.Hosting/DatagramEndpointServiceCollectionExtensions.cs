using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TypedDgram.Hosting;
using TypedDgram.Messaging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds hosted TypedDgram endpoints to a service collection.</summary>
public static class DatagramEndpointServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="DatagramEndpoint{THandlers}"/> that the host starts and stops: it binds a socket as
    /// <paramref name="configure"/> says and dispatches every datagram to <typeparamref name="THandlers"/>, a singleton
    /// resolved from DI (registered here unless it already is). Calling it again for the same handlers configures the same endpoint.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the port, address, multicast group and socket options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDatagramEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(
        this IServiceCollection services, Action<DatagramEndpointOptions> configure)
        where THandlers : class, IDatagramHandlers
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DatagramEndpointOptions>(DatagramEndpoint<THandlers>.OptionsName).Configure(configure);
        return AddEndpoint<THandlers>(services);
    }

    /// <summary>
    /// Adds a <see cref="DatagramEndpoint{THandlers}"/> whose options bind from <paramref name="configuration"/> (keys
    /// <c>Type</c>, <c>Port</c>, <c>Address</c>, <c>ReuseAddr</c>, <c>MulticastGroup</c>, <c>MulticastInterface</c>,
    /// <c>RecvBufferSize</c>, <c>SendBufferSize</c>), then <paramref name="configure"/> if given.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A configuration section, for example <c>builder.Configuration.GetSection("Telemetry")</c>.</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDatagramEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(
        this IServiceCollection services, IConfiguration configuration, Action<DatagramEndpointOptions>? configure = null)
        where THandlers : class, IDatagramHandlers
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<DatagramEndpointOptions>(DatagramEndpoint<THandlers>.OptionsName).Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddEndpoint<THandlers>(services);
    }

    private static IServiceCollection AddEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(IServiceCollection services)
        where THandlers : class, IDatagramHandlers
    {
        services.TryAddSingleton<THandlers>();
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(DatagramEndpoint<THandlers>)))
        {
            services.AddSingleton<DatagramEndpoint<THandlers>>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<DatagramEndpoint<THandlers>>());
        }

        return services;
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TypedDgram.Nats;

/// <summary>The hosted <see cref="NatsBridge"/> of <c>AddNatsBridge</c>: relaying from the host's start to its stop; its errors are logged.</summary>
public sealed class NatsBridgeService : IHostedService, IAsyncDisposable
{
    private readonly NatsBridgeOptions _options;
    private readonly ILogger<NatsBridgeService> _logger;
    private NatsBridge? _bridge;

    /// <summary>Created by DI with the options <c>AddNatsBridge</c> bound.</summary>
    /// <param name="options">The bridge's two sides.</param>
    /// <param name="logger">Where the bridge's errors and counts go.</param>
    public NatsBridgeService(IOptions<NatsBridgeOptions> options, ILogger<NatsBridgeService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The running bridge; throws <see cref="InvalidOperationException"/> before the host has started it.</summary>
    public NatsBridge Bridge => _bridge ?? throw new InvalidOperationException("The NATS bridge starts with the host: read it once the host runs.");

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bridge = await NatsBridge.StartAsync(_options, cancellationToken).ConfigureAwait(false);
        bridge.Error += error => _logger.LogError(error, "NATS bridge: {Message}", error.Message);
        _bridge = bridge;
        _logger.LogInformation(
            "NATS bridge relaying {Group}:{Port} on {Interface} and {Prefix}.{Bus}.* at {Url}",
            _options.Group, bridge.MulticastPort, _options.Interface, _options.Nats.SubjectPrefix, _options.Nats.Bus, _options.Nats.Url);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_bridge is { } bridge)
        {
            _logger.LogInformation("NATS bridge stopping: {Stats}", bridge.Stats);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _bridge, null) is { } bridge)
        {
            await bridge.DisposeAsync().ConfigureAwait(false);
        }
    }
}

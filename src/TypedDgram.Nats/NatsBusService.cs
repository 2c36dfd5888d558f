using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TypedDgram.Nats;

/// <summary>
/// The hosted <see cref="NatsBus"/> of <c>AddNatsBus</c>: connected when the host starts (a server that does not
/// answer fails the start with what to check), disposed when it stops. Its errors are logged.
/// </summary>
public sealed class NatsBusService : IHostedService, IAsyncDisposable
{
    private readonly NatsBusOptions _options;
    private readonly ILogger<NatsBusService> _logger;
    private NatsBus? _bus;

    /// <summary>Created by DI with the options <c>AddNatsBus</c> bound.</summary>
    /// <param name="options">The bus's options.</param>
    /// <param name="logger">Where the bus's errors go.</param>
    public NatsBusService(IOptions<NatsBusOptions> options, ILogger<NatsBusService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// The connected bus. Throws <see cref="InvalidOperationException"/> before the host has started it: resolve it in a
    /// hosted service registered after <c>AddNatsBus</c> (hosted services start in that order), or later.
    /// </summary>
    public NatsBus Bus => _bus ?? throw new InvalidOperationException(
        $"The NATS bus '{_options.Bus}' connects when the host starts: resolve it from a hosted service registered after AddNatsBus (they start in that order), or once the host runs.");

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bus = await NatsBus.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        bus.Error += error => _logger.LogError(error, "NATS bus {Bus}: {Message}", _options.Bus, error.Message);
        _bus = bus;
        _logger.LogInformation("NATS bus {Bus} connected to {Url}, receiving {Subjects}", _options.Bus, _options.Url, string.Join(", ", bus.Subjects));
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _bus, null) is { } bus)
        {
            await bus.DisposeAsync().ConfigureAwait(false);
        }
    }
}

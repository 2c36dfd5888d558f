using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>Custom <see cref="DnsLookup"/> functions for tests: recording, held until released, or failing.</summary>
internal sealed class Lookups
{
    private readonly TaskCompletionSource _release = Wait.Source();
    private readonly Func<string, IPAddress> _resolve;

    private Lookups(Func<string, IPAddress> resolve) => _resolve = resolve;

    public ConcurrentQueue<(string Hostname, AddressFamily Family)> Calls { get; } = new();

    /// <summary>
    /// Resolves "*.test" names to loopback and IP literals to themselves, after <see cref="Release"/> if held; "*.invalid"
    /// names fail with a plain exception, as a third-party resolver might.
    /// </summary>
    public static Lookups Loopback() => new(host =>
        host.EndsWith(".test", StringComparison.Ordinal) ? IPAddress.Loopback
        : host.EndsWith(".invalid", StringComparison.Ordinal) ? throw new InvalidOperationException($"{host} does not exist")
        : IPAddress.Parse(host));

    /// <summary>Fails every lookup with the given code.</summary>
    public static Lookups Failing(string code) => new(host => throw new DgramException(code, $"getaddrinfo {code} {host}"));

    public bool Held { get; private set; }

    public Lookups Hold()
    {
        Held = true;
        return this;
    }

    public void Release() => _release.TrySetResult();

    public DnsLookup Function => async (hostname, family, cancellationToken) =>
    {
        Calls.Enqueue((hostname, family));
        if (Held)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        return _resolve(hostname);
    };
}

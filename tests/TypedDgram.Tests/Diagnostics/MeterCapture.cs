using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TypedDgram.Diagnostics;

namespace TypedDgram.Tests.Diagnostics;

/// <summary>A MeterListener on the TypedDgram meter that keeps every measurement and lets a test wait for a total.</summary>
internal sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly SemaphoreSlim _measured = new(0);

    public MeterCapture()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TypedDgramTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _measurements.Enqueue((instrument.Name, value, tags.ToArray()));
            _measured.Release();
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements, only those with the tag <paramref name="tag"/> = <paramref name="value"/> when given.</summary>
    public long Sum(string instrument, string? tag = null, object? value = null) =>
        _measurements
            .Where(m => m.Instrument == instrument && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))))
            .Sum(m => m.Value);

    /// <summary>Waits until <see cref="Sum"/> reaches <paramref name="total"/>.</summary>
    public async Task<long> WaitForAsync(long total, string instrument, string? tag = null, object? value = null)
    {
        using var timeout = new CancellationTokenSource(TypedDgram.Tests.Sockets.Wait.Timeout);
        long sum;
        while ((sum = Sum(instrument, tag, value)) < total)
        {
            await _measured.WaitAsync(timeout.Token);
        }

        return sum;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _measured.Dispose();
    }
}

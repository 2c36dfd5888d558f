using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TypedDgram.Hosting.Tests;

/// <summary>A logger provider that keeps every entry, so tests can wait for one by event id.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly SemaphoreSlim _written = new(0);

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _written.Dispose();

    /// <summary>The first entry with <paramref name="eventId"/> from a TypedDgram.Hosting category, waiting for it if need be.</summary>
    public async Task<Entry> WaitForAsync(int eventId)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        while (true)
        {
            if (_entries.FirstOrDefault(entry => entry.EventId.Id == eventId && entry.Category.StartsWith("TypedDgram.Hosting", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await _written.WaitAsync(timeout.Token);
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception));
            owner._written.Release();
        }
    }
}

using System.Collections.Concurrent;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace RequestResponse;

/// <summary>Request/response over UDP: each request gets a correlation id, waits <c>timeout</c> for its response and is resent up to <c>attempts</c> times.</summary>
public sealed partial class RequestClient(DgramSocket socket, int port, string address)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Response>> _pending = new();
    private long _nextId;

    /// <summary>Sends a request and returns its response and the attempts it took; throws <see cref="TimeoutException"/> after the last.</summary>
    public async Task<(Response Response, int Attempts)> RequestAsync(int a, int b, TimeSpan timeout, int attempts)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = _pending[id] = new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await socket.SendAsync(new Request(id, a, b), port, address);
                try
                {
                    return (await answer.Task.WaitAsync(timeout), attempt);
                }
                catch (TimeoutException) when (attempt < attempts)
                {
                    // Lost on the way there or back: send the same id again (the server's answer is idempotent).
                }
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    // A late duplicate (the answer to an earlier attempt) finds no pending id, or a completed one, and is dropped.
    [DatagramHandler]
    private void On(Response response) => _pending.GetValueOrDefault(response.CorrelationId)?.TrySetResult(response);
}

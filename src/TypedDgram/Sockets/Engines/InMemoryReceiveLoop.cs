using System.Threading.Channels;

namespace TypedDgram.Sockets;

/// <summary>
/// The receive loop of a socket on an <see cref="InMemorySocketEngine"/>: datagrams posted to it wait in order in an
/// unbounded inbox and are delivered one at a time on the loop's own task, as the OS loop delivers them, so that a
/// handler that sends to another in-memory socket never runs that socket's handlers inside its own call.
/// </summary>
internal sealed class InMemoryReceiveLoop(RawDatagramHandler deliver, Action<Exception> reportError) : ReceiveLoop(deliver, reportError)
{
    private readonly Channel<Inbound> _inbox = Channel.CreateUnbounded<Inbound>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues one datagram; the task completes once it has been delivered, or dropped because the loop has stopped.</summary>
    public Task Post(byte[] datagram, RemoteInfo from)
    {
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(new Inbound(datagram, from, delivered)))
        {
            delivered.TrySetResult();
        }
        return delivered.Task;
    }

    /// <summary>Ends the inbox, so that the loop finishes what is queued (delivering nothing after <see cref="ReceiveLoop.Stop"/>) and ends.</summary>
    public override void Wake() => _inbox.Writer.TryComplete();

    protected override async Task Run()
    {
        await foreach (var inbound in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (!Stopped)
                {
                    Deliver(inbound.Datagram, inbound.From);
                }
            }
            catch (Exception exception)
            {
                ReportError(exception);
            }
            finally
            {
                inbound.Delivered.TrySetResult();
            }
        }
    }

    private sealed record Inbound(byte[] Datagram, RemoteInfo From, TaskCompletionSource Delivered);
}

using System.Threading.Channels;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

/// <summary>A slow handler: each <see cref="Work"/> waits for <see cref="Open"/> (a handler stuck as long as the test wants).</summary>
public sealed partial class GatedHandlers
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<int> Entered { get; } = Channel.CreateUnbounded<int>();

    public Channel<int> Done { get; } = Channel.CreateUnbounded<int>();

    public void Open() => _gate.TrySetResult();

    [DatagramHandler]
    private async ValueTask On(Work work)
    {
        Entered.Writer.TryWrite(work.Seq);
        await _gate.Task;
        Done.Writer.TryWrite(work.Seq);
    }
}

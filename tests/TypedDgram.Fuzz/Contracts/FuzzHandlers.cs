using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Fuzz.Contracts;

/// <summary>Generated dispatch for every fuzzed contract; the handlers only count, so any exception is the reader's.</summary>
public sealed partial class FuzzHandlers
{
    public long Handled { get; private set; }

    /// <summary>How many <see cref="Secret"/>s were dispatched: only ever with a valid tag, once per (sender, sequence).</summary>
    public long Secrets { get; private set; }

    [DatagramHandler]
    private void On(Ping ping) => Handled++;

    [DatagramHandler]
    private void On(Pong pong, RemoteInfo from) => Handled++;

    [DatagramHandler]
    private void On(Everything everything) => Handled++;

    [DatagramHandler]
    private ValueTask On(Settings settings)
    {
        Handled++;
        return ValueTask.CompletedTask;
    }

    [DatagramHandler]
    private void On(Hashed hashed) => Handled++;

    [DatagramHandler]
    private void On(Secret secret)
    {
        Handled++;
        Secrets++;
    }
}

using TypedDgram.Benchmarks.Records;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Benchmarks.HotPath;

/// <summary>The handler the typed receive paths dispatch to: it only counts, so the measurement is the dispatch's own cost.</summary>
public sealed partial class CountingHandlers
{
    private long _count;

    /// <summary>Datagrams handled so far, of every shape.</summary>
    public long Count => Volatile.Read(ref _count);

    [DatagramHandler]
    private void On(Blob blob, RemoteInfo from) => _count++;

    [DatagramHandler]
    private void On(Tick tick, RemoteInfo from) => _count++;

    [DatagramHandler]
    private void On(Order order, RemoteInfo from) => _count++;

    [DatagramHandler]
    private void On(Reading reading, RemoteInfo from) => _count++;
}

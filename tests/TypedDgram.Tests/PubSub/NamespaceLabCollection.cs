namespace TypedDgram.Tests.PubSub;

/// <summary>
/// The tests that run buses in network namespaces run alone, one class after another. Each spawns a process per host
/// and counts every datagram the kernel dropped or delivered; on a 2-core machine running the rest of the suite
/// beside them, a subscriber process starved of CPU for a second overflowed its socket buffer or passed a repair
/// deadline, and a test failed for the machine's load rather than the code (seen once for
/// AuthenticatedBusNamespaceTests). Alone, they take about 35 s in all.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NamespaceLabCollection
{
    public const string Name = "Namespace labs (run alone)";
}

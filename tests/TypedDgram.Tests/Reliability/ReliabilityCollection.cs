namespace TypedDgram.Tests.Reliability;

/// <summary>
/// Fault, leak and load tests run alone: they watch process-wide state (unobserved task exceptions, open file
/// descriptors, managed memory) that tests running beside them would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability (run alone)";
}

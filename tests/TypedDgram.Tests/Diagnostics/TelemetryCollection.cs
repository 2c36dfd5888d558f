namespace TypedDgram.Tests.Diagnostics;

/// <summary>
/// The meter and activity source are process-wide: these tests run alone, so their listeners neither see other tests'
/// traffic nor make other tests' allocation measurements count activities.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

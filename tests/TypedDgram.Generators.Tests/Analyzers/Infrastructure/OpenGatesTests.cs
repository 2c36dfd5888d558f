using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>The switch the differential tests and the benchmark use is read as documented.</summary>
public sealed class OpenGatesTests
{
    [Fact]
    public void The_differential_tests_open_every_tier() =>
        Assert.Equal(GateTiers.All, AnalyzerGates.OpenTiers(OpenGates.Options));

    [Fact]
    public void Without_the_key_every_gate_is_in_use() =>
        Assert.Equal(GateTiers.None, AnalyzerGates.OpenTiers(new AnalyzerOptions([])));
}

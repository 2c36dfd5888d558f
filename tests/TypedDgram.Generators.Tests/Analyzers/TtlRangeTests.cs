using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.TtlRangeAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0005: constant TTLs must be in range.</summary>
public sealed class TtlRangeTests
{
    [Fact]
    public Task SetTTL_zero_reports_TDG0005() =>
        Verify.VerifyStatementsAsync(
            """socket.SetTTL({|#0:0|});""",
            Verify.Diagnostic(DiagnosticDescriptors.TtlOutOfRange).WithLocation(0).WithArguments(0L, "SetTTL", 1));

    [Fact]
    public Task SetTTL_above_255_reports_TDG0005() =>
        Verify.VerifyStatementsAsync("""socket.SetTTL({|TDG0005:256|});""");

    [Fact]
    public Task SetMulticastTTL_negative_reports_TDG0005() =>
        Verify.VerifyStatementsAsync(
            """socket.SetMulticastTTL({|#0:-1|});""",
            Verify.Diagnostic(DiagnosticDescriptors.TtlOutOfRange).WithLocation(0).WithArguments(-1L, "SetMulticastTTL", 0));

    [Fact]
    public Task SetMulticastTTL_from_an_out_of_range_constant_reports_TDG0005() =>
        Verify.VerifyAsync(
            """
            class Publisher
            {
                const int Hops = 300;
                void Configure(DgramSocket socket) => socket.SetMulticastTTL({|TDG0005:Hops|});
            }
            """);

    [Fact]
    public Task TTLs_in_range_are_quiet() =>
        Verify.VerifyStatementsAsync("""socket.SetTTL(1); socket.SetTTL(255); socket.SetMulticastTTL(0); socket.SetMulticastTTL(128);""");
}

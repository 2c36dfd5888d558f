using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using TypedDgram.Benchmarks.HotPath;
using TypedDgram.Benchmarks.Serialization;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>One BenchmarkDotNet result: mean time per operation and bytes allocated per operation.</summary>
public sealed record MicroResult(string Type, string Method, double MeanNanoseconds, long AllocatedBytes);

/// <summary>
/// Runs the BenchmarkDotNet classes in this process (no generated project to build, so the suite stays within its time
/// budget): short mode is 3 warm-up and 5 measured iterations of 150 ms each; dry mode runs each benchmark once.
/// BenchmarkDotNet's own log goes to <c>logPath</c>.
/// </summary>
public static class MicroBenchmarks
{
    public static readonly Type[] Classes =
    [
        typeof(SmallRecordBenchmarks), typeof(MediumRecordBenchmarks), typeof(LargeRecordBenchmarks), typeof(HotPathBenchmarks),
    ];

    public static List<MicroResult> Run(bool dry, string artifacts, string logPath)
    {
        var job = (dry ? Job.Dry : Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(150)))
            .WithToolchain(InProcessEmitToolchain.Instance);
        using var logger = new StreamLogger(logPath);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(logger)
            .WithArtifactsPath(artifacts);

        var results = new List<MicroResult>();
        foreach (var summary in BenchmarkRunner.Run(Classes, config))
        {
            foreach (var report in summary.Reports)
            {
                var descriptor = report.BenchmarkCase.Descriptor;
                results.Add(new MicroResult(
                    descriptor.Type.Name,
                    descriptor.WorkloadMethod.Name,
                    report.ResultStatistics?.Mean ?? double.NaN,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1));
            }
        }

        return results;
    }
}

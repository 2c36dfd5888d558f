// The benchmark program. `suite` runs everything and writes docs/benchmarks.md (the run script calls it); `bdn`
// hands its arguments to BenchmarkDotNet; `child` is one side of a throughput run, started by the suite.
using BenchmarkDotNet.Running;
using TypedDgram.Benchmarks.Suite;
using TypedDgram.Benchmarks.Throughput;

return args switch
{
    ["suite", .. var rest] => await SuiteRunner.RunAsync(SuiteOptions.Parse(rest)),
    ["bdn", .. var rest] => RunBenchmarkDotNet(rest),
    ["bus-batch-cost", .. var rest] => await TypedDgram.Benchmarks.PubSub.BatchReceiveCost.RunAsync(rest),
    ["bus-throughput", .. var rest] => await TypedDgram.Benchmarks.PubSub.BusThroughput.RunAsync(rest),
    ["pubsub-vs-dds", .. var rest] => await TypedDgram.Benchmarks.PubSub.PubSubVsDds.RunAsync(rest),
    ["bus-peer", .. var rest] => await TypedDgram.Benchmarks.PubSub.BusPeer.RunAsync(rest),
    ["bus-security", .. var rest] => await TypedDgram.Benchmarks.BusSecurity.BusSecurityMeasurement.RunAsync(rest),
    ["child", "recv", Implementations.DotnetSocket] => DotnetSocketChild.Receive(),
    ["child", "send", Implementations.DotnetSocket, .. var rest] => DotnetSocketChild.Send(ChildProtocol.SendArguments.Parse(rest)),
    ["child", "recv", var key] when BusChild.Setup.Parse(key) is { } bus => BusChild.Receive(bus),
    ["child", "send", var key, .. var rest] when BusChild.Setup.Parse(key) is { } bus => BusChild.Send(bus, ChildProtocol.SendArguments.Parse(rest)),
    ["child", "recv", var key] when TypedMode(key) is { } mode => TypedDgramChild.Receive(mode),
    ["child", "send", var key, .. var rest] when TypedMode(key) is { } mode => TypedDgramChild.Send(mode, ChildProtocol.SendArguments.Parse(rest)),
    _ => Usage(),
};

static string? TypedMode(string key) => key switch
{
    Implementations.TypedRaw => "raw",
    Implementations.Typed => "typed",
    Implementations.Batched => "batched",
    Implementations.TypedTick => "tick",
    Implementations.TypedOrder => "order",
    Implementations.TypedReading => "reading",
    _ => null,
};

static int RunBenchmarkDotNet(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(Implementations).Assembly).Run(rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: TypedDgram.Benchmarks suite [--dry] [--out FILE] [--c-bench PATH] [--seconds S] [--warmup S] [--rounds N] [--sizes B,...] [--throughput-only] [--only KEY,...] [--child-build LABEL=DLL]... [--runs-out FILE]");
    Console.Error.WriteLine("       TypedDgram.Benchmarks bdn <BenchmarkDotNet arguments>");
    Console.Error.WriteLine("       TypedDgram.Benchmarks " + TypedDgram.Benchmarks.PubSub.PubSubVsDdsOptions.Usage["usage: TypedDgram.Benchmarks ".Length..] + "   (run by tests/TypedDgram.Benchmarks/pubsub-vs-dds)");
    Console.Error.WriteLine("       TypedDgram.Benchmarks " + TypedDgram.Benchmarks.PubSub.BusPeerOptions.Usage["usage: TypedDgram.Benchmarks ".Length..]);
    return 2;
}

using TypedDgram.Benchmarks.Throughput;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>The throughput table's columns, in the order of the table, and how to start each side.</summary>
public static class Implementations
{
    public const string DotnetSocket = "dotnet-socket";
    public const string TypedRaw = "typeddgram-raw";
    public const string Typed = "typeddgram-typed";
    public const string Node = "node";
    public const string CSendTo = "c-sendto";
    public const string CMmsg = "c-mmsg";
    public const string Batched = "typeddgram-batched";
    public const string TypedTick = "typeddgram-tick";
    public const string TypedOrder = "typeddgram-order";
    public const string TypedReading = "typeddgram-reading";

    /// <summary>The typed rows with realistic contracts (issue 14), and what each sends.</summary>
    public static readonly (string Key, string Label)[] RealisticShapes =
    [
        (TypedTick, "TypedDgram typed Tick(int, long, double, string)"),
        (TypedOrder, "TypedDgram typed Order (6 scalars, 3 strings)"),
        (TypedReading, "TypedDgram typed Reading (nested [DatagramPart])"),
    ];

    /// <summary>True for the rows whose children this program runs (the ones a build comparison takes from each build).</summary>
    public static bool IsDotnet(string key) => key is not (Node or CSendTo or CMmsg);

    /// <summary>
    /// Every implementation that can run here: node only if found on the PATH, C only if <paramref name="cbench"/>
    /// exists. Skipped ones are reported through <paramref name="skipped"/>.
    /// </summary>
    public static List<Implementation> Available(string? cbench, List<string> skipped)
    {
        var self = Self();
        ChildCommand Child(params string[] args) => self with { Arguments = [.. self.Arguments, "child", .. args] };

        var list = new List<Implementation>
        {
            new(DotnetSocket, ".NET Socket.SendTo/ReceiveFrom", Child("recv", DotnetSocket), a => Child(["send", DotnetSocket, .. a.ToArgs()])),
            new(TypedRaw, "TypedDgram raw Send / Message", Child("recv", TypedRaw), a => Child(["send", TypedRaw, .. a.ToArgs()])),
            new(Typed, "TypedDgram typed Send + generated dispatch", Child("recv", Typed), a => Child(["send", Typed, .. a.ToArgs()])),
        };
        foreach (var (key, label) in RealisticShapes)
        {
            list.Add(new(key, label, Child("recv", key), a => Child(["send", key, .. a.ToArgs()])));
        }

        var script = Path.Combine(AppContext.BaseDirectory, "dgram-bench.js");
        if (Machine.Which("node") is { } node && File.Exists(script))
        {
            list.Add(new(Node, "Node.js dgram", new ChildCommand(node, [script, "recv"]), a => new ChildCommand(node, [script, "send", .. a.ToArgs()])));
        }
        else
        {
            skipped.Add("Node.js dgram: `node` not found on the PATH (or dgram-bench.js missing)");
        }

        if (cbench is not null && File.Exists(cbench))
        {
            list.Add(new(CSendTo, "C sendto/recvfrom", new ChildCommand(cbench, ["recv"]), a => new ChildCommand(cbench, ["send", .. a.ToArgs()])));
            list.Add(new(CMmsg, "C sendmmsg/recvmmsg (32)", new ChildCommand(cbench, ["mrecv"]), a => new ChildCommand(cbench, ["msend", .. a.ToArgs()])));
        }
        else
        {
            skipped.Add("C baselines: no C compiler here (the run script builds udpbench.c with `cc`)");
        }

        list.Add(new(Batched, "TypedDgram typed, Batching = true", Child("recv", Batched), a => Child(["send", Batched, .. a.ToArgs()])));
        return list;
    }

    /// <summary>
    /// The bus rows (<see cref="BusChild"/>): run only when <c>--only</c> names them, since they measure the bus's
    /// batching choices rather than a column of the loopback table.
    /// </summary>
    public static List<Implementation> Bus()
    {
        var self = Self();
        ChildCommand Child(params string[] args) => self with { Arguments = [.. self.Arguments, "child", .. args] };
        return [.. BusChild.Keys.Select(key => new Implementation(key, BusChild.Setup.Parse(key)!.Value.Label, Child("recv", key), a => Child(["send", key, .. a.ToArgs()])))];
    }

    /// <summary>
    /// The .NET implementations (<see cref="DotnetSocket"/>, <see cref="TypedRaw"/>, <see cref="Typed"/>,
    /// <see cref="Batched"/>) of each of <paramref name="builds"/>, keyed <c>LABEL:KEY</c>: both children of a row come
    /// from that build's dll, through its <c>child recv|send KEY</c> command line, so builds whose internals differ can be
    /// compared in one run. Ordered key by key, then build by build, so a round-robin round runs A B A B.
    /// </summary>
    public static List<Implementation> FromBuilds(IReadOnlyList<ChildBuild> builds)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : Machine.Which("dotnet") ?? "dotnet";
        (string Key, string Label)[] keys =
        [
            (DotnetSocket, ".NET Socket.SendTo/ReceiveFrom"), (TypedRaw, "TypedDgram raw"), (Typed, "TypedDgram typed"), (Batched, "TypedDgram batched"),
            .. RealisticShapes,
        ];
        var list = new List<Implementation>();
        foreach (var (key, label) in keys)
        {
            foreach (var build in builds)
            {
                ChildCommand Child(params string[] args) => new(host, [build.Dll, "child", .. args], DotnetEnvironment);
                list.Add(new($"{build.Label}:{key}", $"{build.Label}: {label}", Child("recv", key), a => Child(["send", key, .. a.ToArgs()])));
            }
        }

        return list;
    }

    /// <summary>
    /// The environment of every .NET child, raw socket and TypedDgram alike. Tiered compilation starts counting calls
    /// only once 100 ms pass without a tier-0 compilation, which a busy process can put off for seconds: measured, a
    /// typed sender then ran tier-0 code through its whole window (5.7 us of CPU per datagram, 4.2 us with counting
    /// from the start, as the raw socket). With no delay, the warm-up reaches optimized code in every process.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DotnetEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };

    // This program, started the way it was started: `dotnet TypedDgram.Benchmarks.dll` or its apphost.
    private static ChildCommand Self()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var assembly = typeof(Implementations).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ChildCommand(host, [assembly], DotnetEnvironment)
            : new ChildCommand(host, [], DotnetEnvironment);
    }
}

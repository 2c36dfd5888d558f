using System.CommandLine;

namespace TypedDgram.Cli;

/// <summary>The <c>tdg</c> command line: <c>listen</c>, <c>send</c>, <c>publish</c>, <c>subscribe</c>, <c>stats</c>, <c>bridge</c>; <c>--help</c> on each.</summary>
internal static class Tdg
{
    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the configuration's output and error writers.</summary>
    public static Task<int> RunAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken = default) =>
        Create().Parse(args).InvokeAsync(configuration, cancellationToken);

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create() =>
        new("tdg: listen to and send TypedDgram datagrams (one MessagePack array, [typeId, member0, member1, ...]) from the command line, publish and subscribe to a pub/sub group's contracts, count its publications, and bridge a group to NATS. Any multicast group needs --interface.")
        {
            ListenCommand.Create(),
            SendCommand.Create(),
            PublishCommand.Create(),
            SubscribeCommand.Create(),
            StatsCommand.Create(),
            BridgeCommand.Create(),
        };
}

using TypedDgram.Sockets;

namespace Ticker;

/// <summary>What to tell the user when multicast does not work, instead of waiting for ticks that will not come.</summary>
internal static class Diagnosis
{
    public static string JoinFailed(DgramException error, TickerOptions options) => options.Nats is null ? $"""
        Could not join {options.Group}:{options.Port} on interface {options.Interface}.
        {error.Message}
        """ : $"""
        Could not connect to the {options.Where}.
        {error.Message}
        """;

    public static string PublishFailed(DgramException error, TickerOptions options) => options.Nats is not null ? $"""
        Publishing to the {options.Where} failed ({error.Code}): {error.Message}
        """ : $"""
        Publishing to {options.Group}:{options.Port} from interface {options.Interface} failed ({error.Code}): {error.Message}
        Check that {options.Interface} is this host's address on an interface that is UP and has the MULTICAST flag
        ('ip addr', 'ip link'), and that it has a route for multicast ('ip route get {options.Group}').
        """;

    public static string NothingCameBack(TickerOptions options, TimeSpan waited) => options.Nats is not null ? $"""
        Published to the {options.Where}, but not even this process's own subscribers received anything within
        {waited.TotalSeconds:0} s: check that the server forwards to its clients ('nats-server' log) and that no
        permission denies subscribing to the bus's subjects.
        """ : $"""
        Published to {options.Group}:{options.Port} on interface {options.Interface}, but not even this process's own
        subscribers received anything within {waited.TotalSeconds:0} s: multicast does not work on that interface here.
        Check:
          - the interface is UP and has the MULTICAST flag: 'ip link' (for 127.0.0.1 this is lo, which Linux serves
            when, as here, the subscriber joins on 127.0.0.1 and the sender sets its multicast interface to it);
          - no firewall drops UDP to port {options.Port}: 'nft list ruleset' or 'iptables -L -n';
          - the interface has a route for the group: 'ip route get {options.Group}';
          - a container or VM network passes multicast (many cloud networks do not: try --interface 127.0.0.1).
        """;

    public static string NothingArrived(TickerOptions options, TimeSpan waited) => options.Nats is not null ? $"""
        No publication arrived in {waited.TotalSeconds:0} s on the {options.Where}.
        Most likely no publisher ran on that bus in that time. Start one, with the same --nats and --bus:
            dotnet run --project examples/Ticker -- --publish --nats {options.Nats} --bus {options.Bus}
        """ : $"""
        No publication arrived in {waited.TotalSeconds:0} s on {options.Group}:{options.Port} via interface {options.Interface}.
        Most likely no publisher ran on that group and port in that time (or it was still building: the first
        'dotnet run' of a project can take a minute; --wait gives it longer). Start one, with the same --group and --port:
            dotnet run --project examples/Ticker -- --publish --interface <its address on this link>
        If one did run:
          - on one machine, both sides use --interface 127.0.0.1; across hosts, each uses its own address on a link
            they share (a different --interface per host), and --ttl covers any router between them (1 = none);
          - no firewall drops UDP to port {options.Port} ('nft list ruleset' or 'iptables -L -n');
          - switches with IGMP snooping need a querier on the link, or they stop forwarding the group after a while.
        """;
}

using System.Net;
using System.Text.RegularExpressions;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// Evidence that Cyclone DDS stayed on the loopback interface, from its own trace (the config's <c>Tracing</c>
/// categories <c>config,info,discovery</c>: the interfaces it selected, its own address, its transmit port, and every
/// locator it learned or advertised, which are all it ever sends to) and from <c>ss -u -a -n -p</c> taken during a run
/// (the local address of every socket of the ddsperf processes). For the lossy rows (<see cref="LossLab"/>) the same
/// check holds Cyclone to the lab: its <c>eth0</c> and the lab's addresses instead of <c>lo</c> and loopback.
/// </summary>
/// <param name="interfaceName">The one interface Cyclone may select.</param>
/// <param name="address">Its address, to which the transmit socket is bound.</param>
/// <param name="subnet">A prefix of addresses besides loopback and multicast that Cyclone may know (the lab's link), or null.</param>
public sealed partial class CycloneLoopbackCheck(string interfaceName = "lo", string address = "127.0.0.1", string? subnet = null)
{
    private readonly SortedSet<string> _interfaces = [];
    private readonly SortedSet<string> _addresses = [];
    private readonly SortedSet<string> _transmitPorts = [];
    private readonly SortedSet<string> _sockets = [];
    private readonly List<string> _problems = [];

    public int Logs { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Reads one ddsperf process's trace.</summary>
    public void AddLog(string name, IEnumerable<string> lines)
    {
        Logs++;
        var selected = false;
        foreach (var line in lines)
        {
            // "interfaces: lo udp/127.0.0.1(q1) eth0 udp/192.0.2.2(q9)" lists what the machine has, not what Cyclone uses.
            if (line.Contains("ddsperf: interfaces: ", StringComparison.Ordinal))
            {
                continue;
            }

            if (SelectedLine().Match(line) is { Success: true } chosen)
            {
                selected = true;
                foreach (Match name1 in InterfaceName().Matches(chosen.Groups["list"].Value))
                {
                    _interfaces.Add(name1.Groups["name"].Value);
                    if (name1.Groups["name"].Value != interfaceName)
                    {
                        _problems.Add($"{name}: selected interface {name1.Groups["name"].Value}: {line.Trim()}");
                    }
                }
            }

            if (TransmitLine().Match(line) is { Success: true } transmit)
            {
                _transmitPorts.Add(transmit.Groups["port"].Value);
            }

            foreach (Match locator in Locator().Matches(line))
            {
                var known = locator.Groups["address"].Value;
                _addresses.Add(known);
                if (!IsAllowed(known))
                {
                    _problems.Add($"{name}: address {known} is neither loopback, multicast nor {subnet ?? "loopback"}*: {line.Trim()}");
                }
            }
        }

        if (!selected)
        {
            _problems.Add($"{name}: no \"selected interfaces\" line (is Tracing/Category config,info,discovery in the config?)");
        }
    }

    /// <summary>Reads <c>ss -u -a -n -p</c> output, keeping the sockets of <paramref name="pids"/>.</summary>
    public void AddSockets(string ss, IReadOnlyCollection<int> pids)
    {
        foreach (var line in ss.Split('\n'))
        {
            if (SocketLine().Match(line) is not { Success: true } socket || !pids.Contains(int.Parse(socket.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                continue;
            }

            var local = socket.Groups["local"].Value;
            var host = local[..local.LastIndexOf(':')];
            _sockets.Add(local);
            // 0.0.0.0: Cyclone's receive sockets (discovery, data, its unicast port) bind the wildcard address to receive multicast; it transmits from one socket bound to the interface.
            if (host != "0.0.0.0" && !IsAllowed(host))
            {
                _problems.Add($"ss: socket bound to {local}: {line.Trim()}");
            }
        }
    }

    /// <summary>What was seen, for the benchmark's output.</summary>
    public string Summary()
    {
        bool IsTransmit(string socket) => _transmitPorts.Contains(socket[(socket.LastIndexOf(':') + 1)..]) && IsInterfaceAddress(socket[..socket.LastIndexOf(':')]);
        var transmitSockets = _sockets.Count(IsTransmit);
        var otherHosts = _sockets.Where(s => !IsTransmit(s)).Select(s => s[..s.LastIndexOf(':')]).Distinct();
        return $"{Logs} ddsperf traces: selected interfaces {{{string.Join(", ", _interfaces)}}}, every address in them {{{string.Join(", ", _addresses)}}}; "
            + $"ss during the runs: {transmitSockets} of {_transmitPorts.Count} transmit sockets (\"interface {interfaceName}: transmit port N\") bound to {address}{(subnet is null ? "" : $" or {subnet}*")}, "
            + $"the {_sockets.Count - transmitSockets} other sockets (receiving) bound to {{{string.Join(", ", otherHosts)}}}";
    }

    private bool IsInterfaceAddress(string host) => host == address || (subnet is not null && host.StartsWith(subnet, StringComparison.Ordinal));

    private bool IsAllowed(string host) =>
        IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || ip.GetAddressBytes()[0] is >= 224 and <= 239 || (subnet is not null && host.StartsWith(subnet, StringComparison.Ordinal)));

    [GeneratedRegex(@"selected interfaces: (?<list>.*)$")]
    private static partial Regex SelectedLine();

    [GeneratedRegex(@"(?<name>[\w.-]+) \(index \d+")]
    private static partial Regex InterfaceName();

    [GeneratedRegex(@"interface \S+: transmit port (?<port>\d+)")]
    private static partial Regex TransmitLine();

    [GeneratedRegex(@"udp/(?<address>\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex Locator();

    [GeneratedRegex(@"^\S+\s+\d+\s+\d+\s+(?<local>\S+)\s+\S+\s+users:.*pid=(?<pid>\d+)")]
    private static partial Regex SocketLine();
}

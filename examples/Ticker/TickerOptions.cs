using System.Globalization;

namespace Ticker;

/// <summary>The demo's command line: what to run and where.</summary>
internal sealed record TickerOptions
{
    public const string Usage = """
        usage: dotnet run --project examples/Ticker [-- options]

          (no mode)            publisher and two subscribers in this process, on loopback by default
          --publish            only publish (run --subscribe in another terminal or on another host)
          --subscribe          only subscribe: waits for a publisher (see --wait), then listens for --seconds
          --interface ADDRESS  the interface to use: 127.0.0.1 (default) keeps everything on this machine;
                               this host's address on a LAN takes it across hosts (IPv6: ::%eth0 with an ff.. group)
          --group ADDRESS      the multicast group (default 239.255.42.99)
          --port N             the port (default 41299; 0 in the one-process mode: any free port)
          --seconds N          how long to run (default 3; 30 with --publish; with --subscribe, 10 after the first tick)
          --wait N             with --subscribe: how long to wait for the first tick (default 60), enough for the
                               publisher's first build
          --rate N             publications per second (default 10)
          --ttl N              multicast TTL: 1 stays on the local link (default 1)
          --nats URL           run over NATS instead of multicast (e.g. nats://127.0.0.1:4222, several separated
                               by commas): the same ticks, bytes and counters; --group, --port, --interface and
                               --ttl are then not used
          --bus NAME           with --nats: the bus name, the subject token that plays the group's part (default ticker)
        """;

    public bool Publish { get; init; } = true;

    public bool Subscribe { get; init; } = true;

    public string Group { get; init; } = "239.255.42.99";

    public int Port { get; init; } = 41299;

    public string Interface { get; init; } = "127.0.0.1";

    public double Seconds { get; init; } = 3;

    public int Rate { get; init; } = 10;

    public int Ttl { get; init; } = 1;

    /// <summary>The NATS server URL(s) with <c>--nats</c>, or null: multicast.</summary>
    public string? Nats { get; init; }

    /// <summary>The NATS bus name with <c>--nats</c>.</summary>
    public string Bus { get; init; } = "ticker";

    /// <summary>Where the ticks go, for the messages: the NATS bus or the group and port.</summary>
    public string Where => Nats is null ? $"{Group}:{Port}, interface {Interface}, TTL {Ttl}" : $"NATS bus '{Bus}' at {Nats}";

    /// <summary>With <c>--subscribe</c>: how long to wait for a publisher before saying what to check.</summary>
    public double Wait { get; init; } = 60;

    public bool IsDemo => Publish && Subscribe;

    /// <summary>Parses <paramref name="args"/>; null, with the reason in <paramref name="error"/>, when they make no sense.</summary>
    public static TickerOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var options = new TickerOptions();
        var secondsGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{option} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            try
            {
                options = option switch
                {
                    "--publish" => options with { Subscribe = false },
                    "--subscribe" => options with { Publish = false },
                    "--interface" => options with { Interface = Value() },
                    "--group" => options with { Group = Value() },
                    "--port" => options with { Port = Number() },
                    "--seconds" => options with { Seconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--rate" => options with { Rate = Number() },
                    "--ttl" => options with { Ttl = Number() },
                    "--nats" => options with { Nats = Value() },
                    "--bus" => options with { Bus = Value() },
                    "--wait" => options with { Wait = double.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--help" or "-h" => throw new FormatException(""),
                    _ => throw new FormatException($"unknown option {option}"),
                };
                secondsGiven |= option == "--seconds";
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        if (!options.Publish && !options.Subscribe)
        {
            error = "--publish and --subscribe together is the default mode: give neither";
            return null;
        }

        if (options.Seconds is <= 0 or > 3600 || options.Wait is <= 0 or > 3600 || options.Rate is < 1 or > 10_000)
        {
            error = "--seconds and --wait must be in (0, 3600] and --rate in [1, 10000]";
            return null;
        }

        // A publisher started first outlasts the other process's first build; a subscriber counts from the first tick.
        return options.IsDemo || secondsGiven ? options : options with { Seconds = options.Publish ? 30 : 10 };
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Joins <see cref="MulticastOptions.Group"/> on <see cref="MulticastOptions.Interface"/> (source-specific when
    /// <see cref="MulticastOptions.Source"/> is set) and returns the bus, ready to publish and subscribe. Throws
    /// <c>ERR_INVALID_ARG_VALUE</c> for an address that is not what its option needs, <c>ERR_SOCKET_BAD_PORT</c> and
    /// <c>ERR_OUT_OF_RANGE</c> for numbers out of range, and the system's error (<c>EADDRINUSE</c>, <c>EADDRNOTAVAIL</c>,
    /// <c>ENODEV</c>, ...) with what to check when the port cannot be bound or the group cannot be joined there.
    /// </summary>
    /// <param name="options">The group, port, interface and socket options.</param>
    /// <param name="cancellationToken">Stops waiting for the bind; the sockets are then closed.</param>
    public static Task<MulticastBus> JoinAsync(MulticastOptions options, CancellationToken cancellationToken = default)
    {
        var family = Validate(options);
        return JoinCoreAsync(options, family, cancellationToken);
    }

    private static async Task<MulticastBus> JoinCoreAsync(MulticastOptions options, AddressFamily family, CancellationToken cancellationToken)
    {
        var link = await MulticastLink.OpenAsync(options, family, cancellationToken).ConfigureAwait(false);
        return new MulticastBus(options, link, link.Port);
    }

    // Argument errors are thrown before anything is created, as Node throws them from the call.
    internal static AddressFamily Validate(MulticastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TryParseAddress(options.Group, out var group)
            || !(group.AddressFamily == AddressFamily.InterNetwork ? IsIPv4Multicast(group) : group.IsIPv6Multicast))
        {
            throw Invalid("Group", options.Group, "a multicast address (IPv4 224.0.0.0/4 or IPv6 ff00::/8)");
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new DgramException(DgramErrorCode.BadPort, string.Create(CultureInfo.InvariantCulture, $"Port should be >= 0 and < 65536. Received {options.Port}."));
        }

        if (string.IsNullOrWhiteSpace(options.Interface))
        {
            throw Invalid("Interface", options.Interface, "the address of the interface to use (127.0.0.1 keeps multicast on this machine)");
        }

        if (group.AddressFamily == AddressFamily.InterNetwork
            && (!TryParseAddress(options.Interface, out var nic) || nic.AddressFamily != AddressFamily.InterNetwork))
        {
            throw Invalid("Interface", options.Interface, "an IPv4 address for an IPv4 group");
        }

        if (options.Source is { } source
            && (!TryParseAddress(source, out var sourceAddress) || sourceAddress.AddressFamily != group.AddressFamily))
        {
            throw Invalid("Source", source, $"a unicast address of the group's family ({(group.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")})");
        }

        OutOfRange("Ttl", options.Ttl, 0, 255);
        OutOfRange("MaxDatagramSize", options.MaxDatagramSize, PublicationHeader.MaxLength + 2, 65507);
        OutOfRange("MaxPublishers", options.MaxPublishers, 1, int.MaxValue);
        OutOfRange("StreamCapacity", options.StreamCapacity, 1, int.MaxValue);
        OutOfRange("MaxQueuedBytes", options.MaxQueuedBytes, 1, int.MaxValue);
        ValidateReassembly(options);
        ValidateKeys(options.Key, options.AcceptedKeys, options.Confidential);
        Liveliness.Validate(options.HeartbeatPeriod, options.LeaseDuration);
        ReliabilityValidation.Validate(options);
        return group.AddressFamily;
    }

    // The fragmentation options (docs/wire-format.md, section 7, "Fragments"): a publication of the largest size must
    // fit the reassembly byte limit, or it could never be reassembled.
    private static void ValidateReassembly(MulticastOptions options)
    {
        OutOfRange("MaxPublicationSize", options.MaxPublicationSize, options.MaxDatagramSize, MulticastOptions.MaxPublicationSizeLimit);
        OutOfRange("MaxReassemblies", options.MaxReassemblies, 1, int.MaxValue);
        OutOfRange("MaxReassembliesPerPublisher", options.MaxReassembliesPerPublisher, 1, int.MaxValue);
        var leastBytes = Reassembly.MostCharged(options.MaxPublicationSize);
        if (options.MaxReassemblyBytes < leastBytes)
        {
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"MaxReassemblyBytes\" is out of range. It must be >= {leastBytes} (one publication of MaxPublicationSize {options.MaxPublicationSize} in progress, with its bookkeeping). Received {options.MaxReassemblyBytes}."));
        }

        if (options.ReassemblyTimeout <= TimeSpan.Zero || options.ReassemblyTimeout > TimeSpan.FromHours(1))
        {
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"ReassemblyTimeout\" is out of range. It must be > 0 and <= 1 hour. Received {options.ReassemblyTimeout}."));
        }
    }

    /// <summary>Throws Node's argument errors for a key ring that cannot work; the NATS bus checks its own options with it.</summary>
    internal static void ValidateKeys(GroupKey? key, IReadOnlyList<GroupKey>? acceptedKeys, bool confidential)
    {
        var options = new { Key = key, AcceptedKeys = acceptedKeys!, Confidential = confidential };
        if (options.AcceptedKeys is null || options.AcceptedKeys.Any(k => k is null))
        {
            throw Invalid("AcceptedKeys", "null", "a list of keys (empty when there is only Key)");
        }

        if (options.Key is null && (options.Confidential || options.AcceptedKeys.Count > 0))
        {
            throw Invalid(
                options.Confidential ? "Confidential" : "AcceptedKeys",
                options.Confidential ? "true" : $"{options.AcceptedKeys.Count} keys",
                "used with a Key: a bus without a key neither encrypts nor checks publications");
        }

        if (options.Key is { } own && options.AcceptedKeys.Append(own).GroupBy(k => k.Id).FirstOrDefault(ids => ids.Count() > 1) is { } twice)
        {
            throw Invalid("AcceptedKeys", $"two keys with id {twice.Key}", "keys with distinct ids (Key included): a publication names its key by id");
        }
    }

    // IPAddress.TryParse also takes the legacy IPv4 forms ("239.255.1" is 239.255.0.1, "1" is 0.0.0.1), which Node
    // and most readers of a configuration do not: an IPv4 address here is the four-part dotted form.
    private static bool TryParseAddress(string? text, [NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(text, out address)
        && (address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') == 3);

    private static bool IsIPv4Multicast(IPAddress address) => (address.GetAddressBytes()[0] & 0xf0) == 0xe0;

    private static DgramException Invalid(string option, string? value, string expected) =>
        new(DgramErrorCode.InvalidArgValue, $"The option \"{option}\" must be {expected}. Received '{value}'.");

    private static void OutOfRange(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"{option}\" is out of range. It must be >= {min} and <= {max}. Received {value}."));
        }
    }
}

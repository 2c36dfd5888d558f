using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// What the loopback pub/sub tests share: a fresh random group in 239.255.0.0/16 per test (other engineers' tests run
/// at the same time), options pinned to 127.0.0.1, raw publications built byte by byte, and a bounded wait.
/// </summary>
internal static class Loopback
{
    public const string Interface = "127.0.0.1";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A random group 239.255.1.1 – 239.255.254.254.</summary>
    public static string NewGroup() => $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    /// <summary>Options for a new random group on an ephemeral port, or on <paramref name="port"/> of <paramref name="group"/>.</summary>
    public static MulticastOptions Options(string? group = null, int port = 0) =>
        new() { Group = group ?? NewGroup(), Port = port, Interface = Interface };

    /// <summary>Joins a bus on a new random group and port.</summary>
    public static Task<MulticastBus> JoinAsync() => MulticastBus.JoinAsync(Options());

    /// <summary>Joins another bus on the group and port of <paramref name="bus"/>.</summary>
    public static Task<MulticastBus> JoinSameAsync(MulticastBus bus) => MulticastBus.JoinAsync(Options(bus.Group, bus.Port));

    /// <summary>A plain socket that sends to the group from 127.0.0.1 (or another loopback address), loopback on.</summary>
    public static async Task<DgramSocket> RawSenderAsync(string from = Interface)
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.BindAsync(0, from);
        socket.SetMulticastInterface(Interface);
        socket.SetMulticastLoopback(true);
        return socket;
    }

    /// <summary>The bytes of a publication as a bus would send it.</summary>
    public static byte[] Publication<T>(ulong publisherId, ulong sequence, T message)
        where T : IDatagram<T>
    {
        var contract = DatagramEnvelope.Serialize(message);
        var buffer = new byte[PublicationHeader.MaxLength + contract.Length];
        var length = PublicationHeader.Write(buffer, publisherId, sequence);
        contract.CopyTo(buffer, length);
        return buffer[..(length + contract.Length)];
    }

    /// <summary>The bytes of a publication whose contract datagram is <paramref name="contract"/>, whatever it holds.</summary>
    public static byte[] Publication(ulong publisherId, ulong sequence, byte[] contract)
    {
        var buffer = new byte[PublicationHeader.MaxLength + contract.Length];
        var length = PublicationHeader.Write(buffer, publisherId, sequence);
        contract.CopyTo(buffer, length);
        return buffer[..(length + contract.Length)];
    }

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Timeout"/>.</summary>
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Timeout"/>.</summary>
    public static Task Within(this Task task) => task.WaitAsync(Timeout);
}

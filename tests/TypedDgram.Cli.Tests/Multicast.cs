using TypedDgram.Sockets;

namespace TypedDgram.Cli.Tests;

/// <summary>What the pub/sub tests share: a fresh random group per test (others run at the same time), pinned to 127.0.0.1.</summary>
internal static class Multicast
{
    public const string Interface = "127.0.0.1";

    /// <summary>A random group 239.255.1.1 – 239.255.254.254.</summary>
    public static string NewGroup() => $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    /// <summary>A plain socket that sends to a group from 127.0.0.1, loopback on.</summary>
    public static async Task<DgramSocket> SenderAsync()
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.BindAsync(0, Interface);
        socket.SetMulticastInterface(Interface);
        socket.SetMulticastLoopback(true);
        return socket;
    }
}

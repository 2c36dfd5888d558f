using System.Net;
using System.Net.Sockets;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>route in=eth0 out=eth1 source= group=</c>: a static IPv4 multicast router for the TTL scoping test, run as root in
/// the lab's router namespace. It tells the kernel (Linux's mroute API on a raw IGMP socket) to forward the group's
/// datagrams from <c>source</c> arriving on <c>in</c> out of <c>out</c>; the kernel forwards only those whose TTL is above
/// 1 and decrements it, as any router does. Prints <c>routing</c>; routes until <c>quit</c> or end of input. On a kernel
/// built without multicast routing (<c>CONFIG_IP_MROUTE</c> unset) it prints <c>unavailable REASON</c> instead and exits,
/// so a test can skip saying why rather than fail.
/// </summary>
internal static class MulticastRouterPeer
{
    // <linux/mroute.h>
    private const int MrtInit = 200;
    private const int MrtAddVif = 202;
    private const int MrtAddMfc = 204;
    private const byte ViffUseIfindex = 0x8;
    private const int MaxVifs = 32;

    public static int Run(PeerArgs args)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Igmp);
        try
        {
            Set(socket, MrtInit, BitConverter.GetBytes(1));
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ProtocolOption)
        {
            // ENOPROTOOPT: the kernel has no mroute API at all. Any other error (no root, a second router) stays an error.
            Console.WriteLine($"unavailable multicast routing: MRT_INIT failed with ENOPROTOOPT ({error.Message}); the kernel is built without CONFIG_IP_MROUTE");
            return 0;
        }

        Set(socket, MrtAddVif, Vif(0, InterfaceIndex(args.Text("in"))));
        Set(socket, MrtAddVif, Vif(1, InterfaceIndex(args.Text("out"))));
        Set(socket, MrtAddMfc, Route(IPAddress.Parse(args.Text("source")), IPAddress.Parse(args.Text("group")), from: 0, to: 1));
        Console.WriteLine("routing");
        while (Console.ReadLine() is { } line && line != "quit")
        {
        }

        return 0;
    }

    private static void Set(Socket socket, int option, byte[] value) =>
        socket.SetRawSocketOption((int)SocketOptionLevel.IP, option, value);

    private static int InterfaceIndex(string name) =>
        int.Parse(File.ReadAllText($"/sys/class/net/{name}/ifindex").Trim());

    // struct vifctl { vifi_t vifc_vifi; unsigned char vifc_flags, vifc_threshold; unsigned int vifc_rate_limit;
    //                 union { struct in_addr vifc_lcl_addr; int vifc_lcl_ifindex; }; struct in_addr vifc_rmt_addr; }
    private static byte[] Vif(ushort vif, int ifindex)
    {
        var value = new byte[16];
        BitConverter.TryWriteBytes(value.AsSpan(0), vif);
        value[2] = ViffUseIfindex;
        value[3] = 1; // threshold: forward datagrams whose TTL is above 1
        BitConverter.TryWriteBytes(value.AsSpan(8), ifindex);
        return value;
    }

    // struct mfcctl { struct in_addr mfcc_origin, mfcc_mcastgrp; vifi_t mfcc_parent; unsigned char mfcc_ttls[MAXVIFS];
    //                 unsigned int mfcc_pkt_cnt, mfcc_byte_cnt, mfcc_wrong_if; int mfcc_expire; }   (2 bytes of padding)
    private static byte[] Route(IPAddress source, IPAddress group, ushort from, int to)
    {
        var value = new byte[4 + 4 + 2 + MaxVifs + 2 + 16];
        source.GetAddressBytes().CopyTo(value, 0);
        group.GetAddressBytes().CopyTo(value, 4);
        BitConverter.TryWriteBytes(value.AsSpan(8), from);
        value[10 + to] = 1;
        return value;
    }
}

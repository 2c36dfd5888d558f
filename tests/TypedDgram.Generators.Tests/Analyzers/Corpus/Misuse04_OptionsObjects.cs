using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Options objects with constant values in range, groups that are groups, families that match; a dual-stack udp6 socket
// reaching IPv4 peers.
public static class OptionsObjects
{
    public static void Run(byte[] message, int port)
    {
        var bus4 = new TypedDgram.PubSub.MulticastOptions { Group = "239.255.0.1", Interface = "127.0.0.1", Port = 0, Ttl = 0 };
        var bus6 = new TypedDgram.PubSub.MulticastOptions { Group = "ff12::1234", Interface = "::%lo", Port = 41234, Ttl = 255 };
        var ssm = new TypedDgram.PubSub.MulticastOptions { Group = "232.1.1.1", Interface = "127.0.0.1", Source = "10.0.0.1" };
        var bind = new BindOptions { Port = 65535, Address = "::" };
        var socketOptions = new SocketOptions { Type = "udp6", Ipv6Only = false };
        using var dual = Dgram.CreateSocket(socketOptions);
        dual.Bind(bind);
        dual.Send(message, 41234, "127.0.0.1");
        dual.AddMembership("239.255.0.1", "127.0.0.1");
        using var sixOnly = Dgram.CreateSocket(new SocketOptions { Type = "udp6", Ipv6Only = true });
        sixOnly.Send(message, port, "::1");
        Console.WriteLine($"{bus4.Group} {bus6.Group} {ssm.Source}");
    }
}

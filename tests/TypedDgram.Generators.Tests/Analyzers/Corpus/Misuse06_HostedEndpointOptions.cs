using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Hosted endpoint options set in code: an IPv6 group on a udp6 socket, the default type left to configuration.
public static class HostedEndpointOptions
{
    public static void Run()
    {
        var six = new TypedDgram.Hosting.DatagramEndpointOptions { Type = "udp6", Port = 41234, MulticastGroup = "ff02::1", MulticastInterface = "::%eth0" };
        var four = new TypedDgram.Hosting.DatagramEndpointOptions { Port = 0, Address = "0.0.0.0", MulticastGroup = "239.255.0.1", MulticastInterface = "192.168.1.10" };
        var fromConfiguration = new TypedDgram.Hosting.DatagramEndpointOptions { MulticastGroup = "ff02::1" };
        Console.WriteLine($"{six.Type} {four.Type} {fromConfiguration.Type}");
    }
}

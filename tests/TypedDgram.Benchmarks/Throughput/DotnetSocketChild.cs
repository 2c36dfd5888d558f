using System.Net;
using System.Net.Sockets;
using TypedDgram.Benchmarks.Throughput;

namespace TypedDgram.Benchmarks.Throughput;

/// <summary>
/// The floor to beat: a plain .NET <see cref="Socket"/> with the allocation-free <c>SendTo</c>/<c>ReceiveFrom</c>
/// overloads (span and <see cref="SocketAddress"/>), blocking calls on one thread each side.
/// </summary>
public static class DotnetSocketChild
{
    public static int Receive()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 100;
        long count = 0;
        var stop = false;
        var loop = new Thread(() =>
        {
            var buffer = new byte[65536];
            var from = new SocketAddress(AddressFamily.InterNetwork);
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    socket.ReceiveFrom(buffer, SocketFlags.None, from);
                    Volatile.Write(ref count, count + 1);
                }
                catch (SocketException exception) when (exception.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    // Idle: look at the stop flag again.
                }
            }
        })
        { IsBackground = true };
        loop.Start();
        ChildProtocol.Print($"PORT {((IPEndPoint)socket.LocalEndPoint!).Port}");
        ChildProtocol.ServeReceiver(() => Volatile.Read(ref count));
        Volatile.Write(ref stop, true);
        return 0;
    }

    public static int Send(ChildProtocol.SendArguments arguments)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var to = new IPEndPoint(IPAddress.Loopback, arguments.Port).Serialize();
        var payload = new byte[arguments.Size];
        ChildProtocol.ServeSender(
            arguments,
            (seconds, max) => ChildProtocol.Loop(seconds, max, () => socket.SendTo(payload, SocketFlags.None, to)),
            () => { });
        return 0;
    }
}

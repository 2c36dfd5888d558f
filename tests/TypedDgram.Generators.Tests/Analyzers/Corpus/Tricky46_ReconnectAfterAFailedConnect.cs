using System;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A connect that fails later (here a name that does not resolve) leaves the socket disconnected: once the failure has
// been awaited, connecting again and sending with a destination are right (from the socket's own tests).
public static class ReconnectAfterAFailedConnect
{
    public static async Task Run(byte[] message, int port)
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Error += error => failed.TrySetResult(error);

        socket.Connect(9, "nowhere.invalid");
        Console.WriteLine(await failed.Task);
        socket.Send(message, port, "127.0.0.1");

        await socket.ConnectAsync(port, "127.0.0.1");
        Console.WriteLine(socket.RemoteAddress().Port);
    }
}

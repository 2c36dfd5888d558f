using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A request/response client: bind, wait for the answer with a timeout.
public static class RequestResponse
{
    public static async Task<byte[]> Ask(byte[] question, int port)
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Message += (msg, rinfo) => answer.TrySetResult(msg);
        await socket.BindAsync(0, "127.0.0.1");
        await socket.SendAsync(question, port, "127.0.0.1");
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(2));
    }
}

using TypedDgram.Benchmarks.HotPath;
using TypedDgram.Benchmarks.Records;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Benchmarks.Throughput;

/// <summary>
/// TypedDgram's sides of the throughput benchmark: <c>raw</c> (Send of a byte[] and the Message event), <c>typed</c>
/// (typed Send and generated dispatch through Attach) and <c>batched</c> (typed, on sockets with
/// <see cref="SocketOptions.Batching"/>), and typed with the realistic shapes: <c>tick</c>, <c>order</c>, <c>reading</c>.
/// </summary>
public static class TypedDgramChild
{
    public static int Receive(string mode)
    {
        using var socket = Dgram.CreateSocket(Options(mode));
        Func<long> received;
        if (mode == "raw")
        {
            var counter = new RawCounter();
            socket.Message += (_, _) => counter.Count++;
            received = () => Volatile.Read(ref counter.Count);
        }
        else
        {
            var handlers = new CountingHandlers();
            socket.Attach(handlers);
            received = () => handlers.Count;
        }

        socket.Error += error => Console.Error.WriteLine($"receiver error: {error.Message}");
        socket.BindAsync(0, "127.0.0.1").GetAwaiter().GetResult();
        ChildProtocol.Print($"PORT {socket.Address().Port}");
        ChildProtocol.ServeReceiver(received);
        return 0;
    }

    public static int Send(string mode, ChildProtocol.SendArguments arguments)
    {
        using var socket = Dgram.CreateSocket(Options(mode));
        long errors = 0;
        socket.Error += _ => Interlocked.Increment(ref errors);
        socket.BindAsync(0, "127.0.0.1").GetAwaiter().GetResult();
        var port = arguments.Port;
        Action sendOne;
        if (mode == "raw")
        {
            var payload = new byte[arguments.Size];
            sendOne = () => socket.Send(payload, port, "127.0.0.1");
        }
        else
        {
            sendOne = TypedSend(mode, socket, port, arguments.Size);
        }

        ChildProtocol.ServeSender(
            arguments,
            (seconds, max) => ChildProtocol.Loop(seconds, max, sendOne, socket.GetSendQueueCount),
            () => ChildProtocol.Drain(socket.GetSendQueueCount));
        if (Interlocked.Read(ref errors) > 0)
        {
            Console.Error.WriteLine($"sender: {errors} send errors");
        }

        return 0;
    }

    // The typed sender of each mode: Blob for typed and batched, the realistic shapes for theirs; all through the
    // string-address overload applications call.
    private static Action TypedSend(string mode, DgramSocket socket, int port, int size)
    {
        switch (mode)
        {
            case "tick":
                var tick = RealisticSamples.TickOfSize(size);
                return () => socket.Send(tick, port, "127.0.0.1");
            case "order":
                var order = RealisticSamples.OrderOfSize(size);
                return () => socket.Send(order, port, "127.0.0.1");
            case "reading":
                var reading = RealisticSamples.ReadingOfSize(size);
                return () => socket.Send(reading, port, "127.0.0.1");
            default:
                var blob = Samples.BlobOfSize(size);
                return () => socket.Send(blob, port, "127.0.0.1");
        }
    }

    private static SocketOptions Options(string mode) => new() { Type = "udp4", Batching = mode == "batched" };

    private sealed class RawCounter
    {
        public long Count;
    }
}

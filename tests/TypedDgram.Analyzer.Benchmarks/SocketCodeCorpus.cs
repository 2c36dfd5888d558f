using System.Globalization;
using System.Text;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// Writes a compilation's worth of ordinary socket code: methods in the shapes real programs have (Node's patterns,
/// async binds and connects, multicast, reconnects, fields, helpers), so the flow analysis runs on many of them.
/// </summary>
internal static class SocketCodeCorpus
{
    private static readonly string[] Shapes =
    [
        """
            var server = Dgram.CreateSocket("udp4");
            server.Error += err => server.Close();
            server.Message += (msg, rinfo) => Console.WriteLine($"{msg.Length} from {rinfo.Address}:{rinfo.Port}");
            server.Listening += () => Console.WriteLine(server.Address().Port);
            server.Bind(41234 + {0});
        """,
        """
            var client = Dgram.CreateSocket("udp4");
            client.Send(Encoding.UTF8.GetBytes("hello {0}"), 41234, "127.0.0.1", (err, bytes) => client.Close());
        """,
        """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "127.0.0.1", err =>
            {
                if (err is not null) { client.Close(); return; }
                client.Send(payload, (e, n) => client.Close());
            });
        """,
        """
            await using var socket = Dgram.CreateSocket("udp4");
            await socket.BindAsync(0, "127.0.0.1");
            socket.SetBroadcast(true);
            socket.SetTTL(64);
            await socket.SendAsync(payload, 41234, "255.255.255.255");
        """,
        """
            await using var client = Dgram.CreateSocket("udp6");
            await client.ConnectAsync(41234, "::1");
            await client.SendAsync(payload);
            Console.WriteLine(client.RemoteAddress().Port);
        """,
        """
            await using var receiver = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
            receiver.Message += (msg, rinfo) => Console.WriteLine(msg.Length);
            await receiver.BindAsync(41234);
            receiver.AddMembership("239.255.0.{1}", "127.0.0.1");
            receiver.SetMulticastLoopback(true);
        """,
        """
            var client = Dgram.CreateSocket("udp4");
            for (var i = 0; i < 3; i++)
            {
                client.Connect(41234 + i, "127.0.0.1");
                client.Send(payload);
                client.Disconnect();
            }
            client.Send(payload, 41240, "127.0.0.1");
            client.Close();
        """,
        """
            _socket.Send(payload, 41234, "127.0.0.1");
            _socket.Send(text, 0, Encoding.UTF8.GetByteCount(text), 41235, (e, n) => { });
        """,
        """
            Configure(_socket);
            if (text.Length > {0} % 7) { _socket.SetMulticastTTL(2); }
            _socket.Send(text, 41234, "127.0.0.1");
        """,
        """
            var sender = Dgram.CreateSocket("udp4");
            try
            {
                sender.Bind(0, "127.0.0.1", () => sender.SetMulticastInterface("127.0.0.1"));
                sender.Send(new byte[512], 41234, "239.255.1.{1}");
            }
            finally
            {
                sender.Close();
            }
        """,
    ];

    /// <summary>C# source files holding <paramref name="methods"/> socket-using methods, twenty per class.</summary>
    public static IReadOnlyList<string> Generate(int methods)
    {
        const int PerClass = 20;
        var files = new List<string>();
        for (var first = 0; first < methods; first += PerClass)
        {
            var file = new StringBuilder();
            file.AppendLine("using System; using System.Text; using System.Threading.Tasks; using TypedDgram.Sockets;");
            file.AppendLine(CultureInfo.InvariantCulture, $"namespace Generated;");
            file.AppendLine(CultureInfo.InvariantCulture, $"public sealed class Peer{first / PerClass}");
            file.AppendLine("{");
            file.AppendLine("    private readonly DgramSocket _socket = Dgram.CreateSocket(\"udp4\");");
            file.AppendLine("    private static void Configure(DgramSocket socket) => socket.SetTTL(32);");
            for (var m = first; m < Math.Min(methods, first + PerClass); m++)
            {
                var body = Shapes[m % Shapes.Length]
                    .Replace("{0}", m.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{1}", (m % 250 + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                file.AppendLine(CultureInfo.InvariantCulture, $"    public async Task Method{m}(byte[] payload, string text)");
                file.AppendLine("    {");
                file.AppendLine(body);
                file.AppendLine("        await Task.CompletedTask;");
                file.AppendLine("    }");
            }

            file.AppendLine("}");
            files.Add(file.ToString());
        }

        return files;
    }
}

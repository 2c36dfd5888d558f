// One measurement of what N bound sockets cost: `SocketScale KIND N SECONDS` binds N receiving sockets on 127.0.0.1,
// measures the process's threads and resident memory with them idle, then sends 64-byte datagrams to them round-robin
// from one sending thread of this process for SECONDS (after a warm-up, bounded in count too), and prints one TSV line:
//   kind sockets threads_before threads_idle rss_before_kib rss_idle_kib managed_idle_bytes sent_per_s received_per_s
//   cpu_ns_per_received threads_after rss_after_kib
// (CPU is the whole process's, sender included, over the window: the same sender for every kind.)
// KIND: typeddgram (DgramSocket, a Message handler that counts), dotnet-64k / dotnet-2k (.NET's Socket with one pending
// ReceiveFromAsync each, into a 65,536-byte buffer, which no datagram overflows, or a 2,048-byte one).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TypedDgram.Sockets;

if (args.Length != 3 || !int.TryParse(args[1], out int count) || count < 1 || !double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out double seconds))
{
    Console.Error.WriteLine("usage: SocketScale typeddgram|dotnet-64k|dotnet-2k SOCKETS SECONDS");
    return 2;
}

string kind = args[0];
var ports = new List<int>(count);
var closers = new List<IDisposable>(count);
using var stop = new CancellationTokenSource();

// The runtime's own threads and memory first, once the code below has been jitted on a socket of each kind.
using (var warm = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
{
    warm.Bind(new IPEndPoint(IPAddress.Loopback, 0));
}
GC.Collect();
var before = ProcessStatus.Read();

switch (kind)
{
    case "typeddgram":
        for (int i = 0; i < count; i++)
        {
            var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4" });
            socket.Message += (_, _) => Interlocked.Increment(ref Counter.Received);
            socket.Error += error => Console.Error.WriteLine($"receiver error: {error.Message}");
            await socket.BindAsync(0, "127.0.0.1");
            ports.Add(socket.Address().Port);
            closers.Add(socket);
        }
        break;
    case "dotnet-64k":
    case "dotnet-2k":
        int size = kind == "dotnet-64k" ? 65536 : 2048;
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            ports.Add(((IPEndPoint)socket.LocalEndPoint!).Port);
            closers.Add(socket);
            _ = ReceiveLoopAsync(socket, new byte[size], stop.Token);
        }
        break;
    default:
        Console.Error.WriteLine($"unknown kind {kind}");
        return 2;
}

// Let every receive start (threads, pending operations), then measure the sockets at rest.
await Task.Delay(500);
GC.Collect();
long managedIdle = GC.GetTotalMemory(forceFullCollection: true);
var idle = ProcessStatus.Read();

var targets = ports.Select(port => new IPEndPoint(IPAddress.Loopback, port).Serialize()).ToArray();
using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
var payload = new byte[64];
long SendFor(double duration, long atLeast = 0)
{
    var clock = Stopwatch.StartNew();
    long n = 0;
    int target = 0;
    // Bounded in time and in count; the clock is read every 64 sends.
    while (n < 50_000_000 && ((n & 63) != 0 || n < atLeast || clock.Elapsed.TotalSeconds < duration))
    {
        sender.SendTo(payload, SocketFlags.None, targets[target]);
        target = target + 1 == targets.Length ? 0 : target + 1;
        n++;
    }
    return n;
}

// Warm-up: every socket hears from the sender twice (first-datagram costs are not what a busy server pays), in 0.5 s at least.
SendFor(Math.Min(0.5, seconds), atLeast: 2L * targets.Length);
await Task.Delay(200);
long receivedBefore = Interlocked.Read(ref Counter.Received);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var window = Stopwatch.StartNew();
long sent = SendFor(seconds);
// What is still queued is received within the window's figure only if it comes in the next 200 ms.
await Task.Delay(200);
double elapsed = window.Elapsed.TotalSeconds - 0.2;
long receivedInWindow = Interlocked.Read(ref Counter.Received) - receivedBefore;
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var after = ProcessStatus.Read();

Console.WriteLine(string.Join('\t',
    kind, count, before.Threads, idle.Threads, before.RssKib, idle.RssKib, managedIdle,
    (long)(sent / elapsed), (long)(receivedInWindow / elapsed), (long)(cpu.TotalNanoseconds / Math.Max(1, receivedInWindow)),
    after.Threads, after.RssKib));

stop.Cancel();
foreach (var closer in closers)
{
    closer.Dispose();
}
return 0;

static async Task ReceiveLoopAsync(Socket socket, byte[] buffer, CancellationToken stop)
{
    var from = new SocketAddress(AddressFamily.InterNetwork);
    try
    {
        while (!stop.IsCancellationRequested)
        {
            await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, stop);
            Interlocked.Increment(ref Counter.Received);
        }
    }
    catch (Exception) when (stop.IsCancellationRequested)
    {
    }
}

/// <summary>Threads and resident memory of this process, from /proc/self/status.</summary>
internal readonly record struct ProcessStatus(int Threads, long RssKib)
{
    public static ProcessStatus Read()
    {
        int threads = 0;
        long rss = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.AsSpan(8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return new ProcessStatus(threads, rss);
    }
}

/// <summary>Datagrams received by every socket of the process.</summary>
internal static class Counter
{
    public static long Received;
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// A throw-away Linux network namespace holding a veth pair (<c>va</c> for senders, <c>vb</c> for receivers) with IPv6
/// addresses, so IPv6 multicast has real links to cross without touching the host's interfaces. Sockets are created
/// inside it from a thread that has joined it (<c>setns</c>); the namespace is deleted on dispose. Needs root and
/// <c>ip</c>; when it cannot be made, <see cref="Unavailable"/> says why.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public const string SenderAddress = "fd00:7d9::1";
    public const string OtherSenderAddress = "fd00:7d9::3";
    public const string ReceiverAddress = "fd00:7d9::2";

    private const int CloneNewNet = 0x40000000;

    public NetworkNamespace()
    {
        Name = $"tdg-{Guid.NewGuid():N}"[..15];
        if (!OperatingSystem.IsLinux())
        {
            Unavailable = "network namespaces need Linux";
            return;
        }
        try
        {
            Ip($"netns add {Name}");
            Created = true;
            // DAD would keep the new addresses tentative (unusable) for about a second.
            Run("ip", $"netns exec {Name} sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0");
            Ip($"-n {Name} link add va type veth peer name vb");
            Ip($"-n {Name} link set lo up");
            Ip($"-n {Name} link set va up");
            Ip($"-n {Name} link set vb up");
            Ip($"-n {Name} addr add {SenderAddress}/64 dev va nodad");
            Ip($"-n {Name} addr add {OtherSenderAddress}/64 dev va nodad");
            Ip($"-n {Name} addr add {ReceiverAddress}/64 dev vb nodad");
            SenderIndex = InterfaceIndex("va");
            ReceiverIndex = InterfaceIndex("vb");
        }
        catch (Exception exception)
        {
            Unavailable = $"cannot create a network namespace (needs root and iproute2): {exception.Message}";
        }
    }

    public string Name { get; }

    public string? Unavailable { get; }

    public int SenderIndex { get; }

    public int ReceiverIndex { get; }

    private bool Created { get; }

    /// <summary>Runs <paramref name="create"/> on a fresh thread that has joined the namespace: sockets it creates live there.</summary>
    public T Inside<T>(Func<T> create)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                }
                result = create();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException("creating inside the namespace failed", failure);
    }

    public void Dispose()
    {
        if (Created)
        {
            Ip($"netns del {Name}");
        }
    }

    private int InterfaceIndex(string name)
    {
        // "3: va@vb: <BROADCAST,..." -> 3
        string line = Run("ip", $"-n {Name} -o link show {name}");
        return int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Ip(string arguments) => Run("ip", arguments);

    private static string Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {arguments}: {error.Trim()}");
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}

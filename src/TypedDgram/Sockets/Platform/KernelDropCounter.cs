using System.Globalization;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Reads how many datagrams the kernel dropped for a socket because its receive buffer was full: the counter
/// <c>SO_RXQ_OVFL</c> reports, read from the socket's row of <c>/proc/net/udp</c> or <c>/proc/net/udp6</c> on Linux.
/// </summary>
internal static class KernelDropCounter
{
    /// <summary>The count since <paramref name="socket"/> was created; null where the platform does not report it (not Linux, or before bind).</summary>
    public static long? Read(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || !socket.IsBound)
        {
            return null;
        }

        // The socket's inode names its row: /proc/self/fd/N links to "socket:[inode]".
        var link = new FileInfo("/proc/self/fd/" + socket.SafeHandle.DangerousGetHandle().ToString(CultureInfo.InvariantCulture)).LinkTarget;
        if (link is null || !link.StartsWith("socket:[", StringComparison.Ordinal))
        {
            return null;
        }

        var inode = link["socket:[".Length..^1];
        foreach (var table in (string[])["/proc/net/udp", "/proc/net/udp6"])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                if (TryReadDrops(line, inode, out long drops))
                {
                    return drops;
                }
            }
        }

        return null;
    }

    /// <summary>The drop count of one <c>/proc/net/udp</c> row when it is the row of <paramref name="inode"/>.</summary>
    internal static bool TryReadDrops(string line, string inode, out long drops)
    {
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length >= 13 && fields[9] == inode)
        {
            drops = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return true;
        }
        drops = 0;
        return false;
    }
}

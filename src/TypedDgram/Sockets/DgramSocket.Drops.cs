using System.Globalization;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// How many datagrams the kernel has dropped for this socket since it was created, because its receive buffer was
    /// full (the counter <c>SO_RXQ_OVFL</c> reports; read from <c>/proc/net/udp</c> and <c>/proc/net/udp6</c>). Null where
    /// the platform does not report it (not Linux, or before bind). Not in Node. Throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public long? GetRecvDropCount()
    {
        var socket = HealthCheck();
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
                // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 13 && fields[9] == inode)
                {
                    return long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
        }

        return null;
    }
}

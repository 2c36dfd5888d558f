#if MISUSE
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace PackageConsumer;

/// <summary>Not partial: the package's contract analyzer must report TDG1001.</summary>
[Datagram]
public record NotPartial(int Value);

/// <summary>Socket misuse the package's usage analyzers report (run.sh checks the ids the packaged analyzers know).</summary>
public static class SocketMisuse
{
    /// <summary>An offset without a length: TDG0001.</summary>
    public static void OffsetWithoutLength(DgramSocket socket, byte[] packet) => socket.Send(packet, offset: 2, port: 1234);
}
#endif

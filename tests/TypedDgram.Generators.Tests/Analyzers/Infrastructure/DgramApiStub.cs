namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// The socket's public surface as decided in SOCKET-API.md, as source, so the analyzer tests can run before the
/// real socket is merged. Bodies throw: only the signatures matter to the analyzers.
/// </summary>
internal static class DgramApiStub
{
    public const string Source = """
        #nullable enable
        namespace TypedDgram.Sockets
        {
            using System;
            using System.Collections.Generic;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public static class Dgram
            {
                public static DgramSocket CreateSocket(string type, MessageHandler? callback = null) => throw null!;
                public static DgramSocket CreateSocket(SocketOptions options, MessageHandler? callback = null) => throw null!;
                public static Task WhenUnreferenced() => throw null!;
                public static event Action<DgramSocket, Exception>? UnhandledError;
                internal static void RaiseUnhandled(DgramSocket s, Exception e) => UnhandledError?.Invoke(s, e);
            }

            public delegate void MessageHandler(byte[] msg, RemoteInfo rinfo);
            public delegate void SendCallback(DgramException? error, int bytes);
            public delegate ValueTask<IPAddress> DnsLookup(string hostname, AddressFamily family, CancellationToken cancellationToken);
            public readonly record struct RemoteInfo(string Address, string Family, int Port, int Size);
            public readonly record struct AddressInfo(string Address, string Family, int Port);

            public sealed class SocketOptions
            {
                public required string Type { get; init; }
                public bool ReuseAddr { get; init; }
                public bool ReusePort { get; init; }
                public bool Ipv6Only { get; init; }
                public int? RecvBufferSize { get; init; }
                public int? SendBufferSize { get; init; }
                public DnsLookup? Lookup { get; init; }
                public CancellationToken Signal { get; init; }
            }

            public sealed class BindOptions
            {
                public int Port { get; init; }
                public string? Address { get; init; }
                public bool Exclusive { get; init; }
            }

            public class DgramException : Exception
            {
                public DgramException(string code, string message, Exception? innerException = null) : base(message, innerException) { Code = code; }
                public string Code { get; }
                public string? Syscall { get; init; }
                public string? Address { get; init; }
                public int? Port { get; init; }
            }

            public sealed class DgramSocket : IDisposable, IAsyncDisposable
            {
                public event MessageHandler? Message;
                public event Action? Listening;
                public event Action? Closed;
                public event Action? Connected;
                public event Action<Exception>? Error;
                public string Type => throw null!;

                public DgramSocket Bind(int port = 0, string? address = null, Action? callback = null) => throw null!;
                public DgramSocket Bind(int port, Action? callback) => throw null!;
                public DgramSocket Bind(Action? callback) => throw null!;
                public DgramSocket Bind(BindOptions options, Action? callback = null) => throw null!;
                public Task BindAsync(int port = 0, string? address = null, CancellationToken cancellationToken = default) => throw null!;
                public Task BindAsync(BindOptions options, CancellationToken cancellationToken = default) => throw null!;

                public void Send(ReadOnlyMemory<byte> msg, int? offset = null, int? length = null, int? port = null, string? address = null, SendCallback? callback = null) => throw null!;
                public void Send(ReadOnlyMemory<byte> msg, int port, string? address = null, SendCallback? callback = null) => throw null!;
                public void Send(ReadOnlyMemory<byte> msg, int port, SendCallback? callback) => throw null!;
                public void Send(ReadOnlyMemory<byte> msg, SendCallback? callback) => throw null!;
                public void Send(ReadOnlyMemory<byte> msg, int offset, int length, SendCallback? callback) => throw null!;
                public void Send(ReadOnlyMemory<byte> msg, int offset, int length, int port, SendCallback? callback) => throw null!;
                public void Send(string msg, int? offset = null, int? length = null, int? port = null, string? address = null, SendCallback? callback = null) => throw null!;
                public void Send(string msg, int port, string? address = null, SendCallback? callback = null) => throw null!;
                public void Send(string msg, int port, SendCallback? callback) => throw null!;
                public void Send(string msg, SendCallback? callback) => throw null!;
                public void Send(string msg, int offset, int length, SendCallback? callback) => throw null!;
                public void Send(string msg, int offset, int length, int port, SendCallback? callback) => throw null!;
                public void Send(IReadOnlyList<byte[]> msg, int port, string? address = null, SendCallback? callback = null) => throw null!;
                public void Send(IReadOnlyList<byte[]> msg, int port, SendCallback? callback) => throw null!;
                public void Send(IReadOnlyList<byte[]> msg, SendCallback? callback = null) => throw null!;
                public void Send(IReadOnlyList<ReadOnlyMemory<byte>> msg, int port, string? address = null, SendCallback? callback = null) => throw null!;
                public void Send(IReadOnlyList<ReadOnlyMemory<byte>> msg, int port, SendCallback? callback) => throw null!;
                public void Send(IReadOnlyList<ReadOnlyMemory<byte>> msg, SendCallback? callback = null) => throw null!;
                public ValueTask<int> SendAsync(ReadOnlyMemory<byte> msg, int port, string? address = null, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(ReadOnlyMemory<byte> msg, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(string msg, int port, string? address = null, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(string msg, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(IReadOnlyList<byte[]> msg, int port, string? address = null, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(IReadOnlyList<byte[]> msg, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> msg, int port, string? address = null, CancellationToken cancellationToken = default) => throw null!;
                public ValueTask<int> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> msg, CancellationToken cancellationToken = default) => throw null!;

                public void Connect(int port, string? address = null, Action<DgramException?>? callback = null) => throw null!;
                public void Connect(int port, Action<DgramException?>? callback) => throw null!;
                public Task ConnectAsync(int port, string? address = null, CancellationToken cancellationToken = default) => throw null!;
                public void Disconnect() => throw null!;
                public AddressInfo RemoteAddress() => throw null!;
                public AddressInfo Address() => throw null!;

                public void AddMembership(string multicastAddress, string? multicastInterface = null) => throw null!;
                public void DropMembership(string multicastAddress, string? multicastInterface = null) => throw null!;
                public void AddSourceSpecificMembership(string sourceAddress, string groupAddress, string? multicastInterface = null) => throw null!;
                public void DropSourceSpecificMembership(string sourceAddress, string groupAddress, string? multicastInterface = null) => throw null!;
                public void SetBroadcast(bool flag) => throw null!;
                public int SetTTL(int ttl) => throw null!;
                public int SetMulticastTTL(int ttl) => throw null!;
                public bool SetMulticastLoopback(bool flag) => throw null!;
                public void SetMulticastInterface(string multicastInterface) => throw null!;

                public void SetRecvBufferSize(int size) => throw null!;
                public int GetRecvBufferSize() => throw null!;
                public void SetSendBufferSize(int size) => throw null!;
                public int GetSendBufferSize() => throw null!;
                public long GetSendQueueSize() => throw null!;
                public long GetSendQueueCount() => throw null!;

                public DgramSocket Ref() => throw null!;
                public DgramSocket Unref() => throw null!;
                public DgramSocket Close(Action? callback = null) => throw null!;
                public void Dispose() => throw null!;
                public ValueTask DisposeAsync() => throw null!;

                private void Raise()
                {
                    Message?.Invoke(null!, default); Listening?.Invoke(); Closed?.Invoke(); Connected?.Invoke(); Error?.Invoke(null!);
                }
            }
        }
        """;
}

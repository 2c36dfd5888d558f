using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Interop.Tests.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Interop.Tests;

/// <summary>
/// One test's side of a conversation with the Node peer: a socket on 127.0.0.1 with the typed handlers attached.
/// Answers and errors (a malformed datagram, for instance) arrive in one queue, in the order they happened.
/// </summary>
internal sealed class PeerClient : IAsyncDisposable
{
    private readonly NodePeer _peer;
    private readonly DgramSocket _socket;
    private readonly Channel<(object Item, RemoteInfo? From)> _received = Channel.CreateUnbounded<(object, RemoteInfo?)>();
    private readonly DatagramAttachment _attachment;

    private PeerClient(NodePeer peer, DgramSocket socket)
    {
        _peer = peer;
        _socket = socket;
        _socket.Error += error => _received.Writer.TryWrite((error, null));
        _attachment = socket.Attach(new PeerReplies(_received.Writer));
    }

    public static async Task<PeerClient> StartAsync(NodePeer peer)
    {
        peer.Require();
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        return new PeerClient(peer, socket);
    }

    /// <summary>Sends <paramref name="message"/> to the Node peer as a typed datagram.</summary>
    public Task SendAsync<T>(T message)
        where T : IDatagram<T>
        => _socket.SendAsync(message, _peer.Port, "127.0.0.1").AsTask();

    /// <summary>Sends raw bytes to the Node peer as one datagram.</summary>
    public Task SendRawAsync(byte[] datagram) => _socket.SendAsync(datagram, _peer.Port, "127.0.0.1").AsTask();

    /// <summary>The next answer, which must be a <typeparamref name="T"/>: a Failure from the peer or an error on the socket fails the test.</summary>
    public async Task<(T Message, RemoteInfo From)> NextAsync<T>()
    {
        var (item, from) = await ReadAsync("an answer");
        return item switch
        {
            T expected => (expected, from ?? throw new InvalidOperationException("an answer without a sender")),
            Control.Failure failure => throw new Xunit.Sdk.XunitException("The Node peer failed: " + failure.Reason),
            Exception error => throw new Xunit.Sdk.XunitException($"Expected a {typeof(T).Name}; the socket raised an error instead: {error}"),
            _ => throw new Xunit.Sdk.XunitException($"The Node peer answered with {item}, not a {typeof(T).Name}."),
        };
    }

    /// <summary>The next error raised on the socket's Error event; an answer arriving first fails the test.</summary>
    public async Task<Exception> NextErrorAsync()
    {
        var (item, _) = await ReadAsync("an error");
        return item as Exception ?? throw new Xunit.Sdk.XunitException($"Expected an error; the Node peer answered with {item}.");
    }

    public async ValueTask DisposeAsync()
    {
        _attachment.Dispose();
        await _socket.DisposeAsync();
    }

    private async Task<(object Item, RemoteInfo? From)> ReadAsync(string what)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"No {what} within {Wait.Timeout.TotalSeconds} s from the Node peer on port {_peer.Port}. Its stderr:\n{_peer.Stderr}");
        }
    }
}

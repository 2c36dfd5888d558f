using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class ErrorTests
{
    [Fact]
    public async Task Exception_thrown_by_a_Message_handler_goes_to_Error_and_receiving_goes_on()
    {
        await using var receiver = await Receiver.StartAsync();
        var thrown = Wait.Source<Exception>();
        receiver.Socket.Error += error => thrown.TrySetResult(error);
        receiver.Socket.Message += (msg, _) =>
        {
            if (msg.Length == 1 && msg[0] == 0)
            {
                throw new InvalidOperationException("handler failed");
            }
        };
        await using var sender = Dgram.CreateSocket("udp4");

        await sender.SendAsync(new byte[] { 0 }, receiver.Port, "127.0.0.1");
        await sender.SendAsync(new byte[] { 1 }, receiver.Port, "127.0.0.1");

        Assert.Equal("handler failed", (await Wait.For(thrown)).Message);
        Assert.Equal(new byte[] { 0 }, (await receiver.NextAsync()).Msg);
        Assert.Equal(new byte[] { 1 }, (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Error_without_a_subscriber_goes_to_UnhandledError_with_its_socket()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var unhandled = Wait.Source<Exception>();
        Action<DgramSocket, Exception> handler = (source, error) =>
        {
            if (ReferenceEquals(source, socket))
            {
                unhandled.TrySetResult(error);
            }
        };
        Dgram.UnhandledError += handler;
        try
        {
            var error = new InvalidOperationException("nobody listens");

            socket.Transport.ReportError(error);

            Assert.Same(error, await Wait.For(unhandled));
        }
        finally
        {
            Dgram.UnhandledError -= handler;
        }
    }

    [Fact]
    public async Task Exception_thrown_by_an_Error_handler_goes_to_UnhandledError()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var unhandled = Wait.Source<Exception>();
        Action<DgramSocket, Exception> handler = (source, error) =>
        {
            if (ReferenceEquals(source, socket))
            {
                unhandled.TrySetResult(error);
            }
        };
        socket.Error += _ => throw new InvalidOperationException("error handler failed");
        Dgram.UnhandledError += handler;
        try
        {
            socket.Transport.ReportError(new InvalidOperationException("first"));

            Assert.Equal("error handler failed", (await Wait.For(unhandled)).Message);
        }
        finally
        {
            Dgram.UnhandledError -= handler;
        }
    }

    [Fact]
    public async Task Exception_thrown_by_a_Listening_handler_goes_to_Error()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var thrown = Wait.Source<Exception>();
        socket.Error += error => thrown.TrySetResult(error);
        socket.Listening += () => throw new InvalidOperationException("listening handler failed");

        socket.Bind(0, "127.0.0.1");

        Assert.Equal("listening handler failed", (await Wait.For(thrown)).Message);
    }

    [Fact]
    public async Task ReportError_raises_Error_later_not_inside_the_call()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        int callingThread = Environment.CurrentManagedThreadId;
        bool returned = false;
        var raised = Wait.Source<bool>();
        socket.Error += _ => raised.TrySetResult(Environment.CurrentManagedThreadId == callingThread && !Volatile.Read(ref returned));

        socket.Transport.ReportError(new InvalidOperationException("reported"));
        Volatile.Write(ref returned, true);

        Assert.False(await Wait.For(raised));
    }

    [Theory]
    [InlineData(SocketError.AddressAlreadyInUse, "EADDRINUSE")]
    [InlineData(SocketError.AddressNotAvailable, "EADDRNOTAVAIL")]
    [InlineData(SocketError.ConnectionRefused, "ECONNREFUSED")]
    [InlineData(SocketError.MessageSize, "EMSGSIZE")]
    [InlineData(SocketError.InvalidArgument, "EINVAL")]
    [InlineData(SocketError.AccessDenied, "EACCES")]
    [InlineData(SocketError.NetworkUnreachable, "ENETUNREACH")]
    [InlineData(SocketError.HostNotFound, "ENOTFOUND")]
    [InlineData(SocketError.SocketError, "UNKNOWN")]
    public void OS_errors_map_to_Node_code_strings(SocketError error, string code)
    {
        var exception = SystemErrors.From(new SocketException((int)error), "send", "127.0.0.1", 12345);

        Assert.Equal(code, exception.Code);
        Assert.Equal($"send {code} 127.0.0.1:12345", exception.Message);
        Assert.IsType<SocketException>(exception.InnerException);
    }

    [Theory]
    [InlineData(19, "ENODEV")]
    [InlineData(4242, "UNKNOWN")]
    public void Errnos_SocketError_has_no_name_for_map_to_Node_code_strings(int errno, string code)
    {
        var exception = SystemErrors.From(new UnnamedSocketException(errno, new SocketException((int)SocketError.SocketError)), "addMembership");

        Assert.Equal((code, $"addMembership {code}"), (exception.Code, exception.Message));
    }

    [Fact]
    public void System_error_messages_follow_Node()
    {
        Assert.Equal("bind EADDRINUSE 0.0.0.0:41234", SystemErrors.Create("EADDRINUSE", "bind", "0.0.0.0", 41234).Message);
        Assert.Equal("bind EADDRNOTAVAIL 192.0.2.1", SystemErrors.Create("EADDRNOTAVAIL", "bind", "192.0.2.1", 0).Message);
        Assert.Equal("setTTL EINVAL", SystemErrors.Create("EINVAL", "setTTL").Message);
    }
}

using System.Text;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class SendArgumentTests
{
    private static readonly byte[] Buffer = "0123456789"u8.ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(70000)]
    public void Port_outside_1_to_65535_throws_BAD_PORT(int port)
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(() => socket.Send(Buffer, port, "127.0.0.1"));

        Assert.Equal(DgramErrorCode.BadPort, error.Code);
        Assert.Equal($"Port should be > 0 and < 65536. Received {port}.", error.Message);
    }

    [Fact]
    public void Unconnected_send_without_a_port_throws_BAD_PORT()
    {
        using var socket = Dgram.CreateSocket("udp4");

#pragma warning disable TDG0011 // wrong on purpose: the test checks the run-time error that TDG0011 reports at compile time
        Assert.Equal(DgramErrorCode.BadPort, Assert.Throws<DgramException>(() => socket.Send(Buffer)).Code);
#pragma warning restore TDG0011
    }

    [Theory]
    [InlineData(11, 0, "offset")]
    [InlineData(-1, 1, "offset")]
    [InlineData(5, 6, "length")]
    [InlineData(0, 11, "length")]
    [InlineData(0, -1, "length")]
    public void Offset_or_length_outside_the_buffer_throws_OUT_OF_BOUNDS_naming_it(int offset, int length, string name)
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(() => socket.Send(Buffer, offset, length, 9, "127.0.0.1"));

        Assert.Equal(DgramErrorCode.BufferOutOfBounds, error.Code);
        Assert.Equal($"\"{name}\" is outside of buffer bounds", error.Message);
    }

    [Fact]
    public void String_offset_and_length_count_UTF8_bytes_when_checking_bounds()
    {
        using var socket = Dgram.CreateSocket("udp4");

        // "héllo" is 6 UTF-8 bytes although 5 characters.
#pragma warning disable TDG0012 // wrong on purpose: the test checks the run-time error that TDG0012 reports at compile time
        var error = Assert.Throws<DgramException>(() => socket.Send("héllo", 1, 6, 9, "127.0.0.1"));
#pragma warning restore TDG0012

        Assert.Equal(DgramErrorCode.BufferOutOfBounds, error.Code);
        Assert.Contains("\"length\"", error.Message);
    }

    [Fact]
    public async Task String_offset_and_length_select_UTF8_bytes()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        sender.Send("héllo", 1, 2, receiver.Port, "127.0.0.1");

        Assert.Equal(Encoding.UTF8.GetBytes("é"), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Offset_equal_to_the_buffer_length_with_length_0_is_an_empty_datagram()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        var sent = Wait.Source<(DgramException?, int)>();

        sender.Send(Buffer, Buffer.Length, 0, receiver.Port, "127.0.0.1", (error, bytes) => sent.TrySetResult((error, bytes)));

        Assert.Equal((null, 0), await Wait.For(sent));
        Assert.Empty((await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Offset_and_length_reaching_exactly_the_end_are_fine()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        sender.Send(Buffer, 4, 6, receiver.Port, "127.0.0.1");

        Assert.Equal("456789"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public void Offset_without_length_throws_a_clear_error()
    {
        using var socket = Dgram.CreateSocket("udp4");

#pragma warning disable TDG0001 // wrong on purpose: the test checks the run-time error that TDG0001 reports at compile time
        var error = Assert.Throws<DgramException>(() => socket.Send(Buffer, offset: 2, port: 41234));
#pragma warning restore TDG0001

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
        Assert.Contains("'offset'", error.Message);
        Assert.Contains("'length'", error.Message);
    }

    [Fact]
    public void Length_without_offset_throws_a_clear_error()
    {
        using var socket = Dgram.CreateSocket("udp4");

#pragma warning disable TDG0001 // wrong on purpose: the test checks the run-time error that TDG0001 reports at compile time
        var error = Assert.Throws<DgramException>(() => socket.Send(Buffer, length: 2, port: 41234));
#pragma warning restore TDG0001

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
    }

    [Fact]
    public async Task Connected_socket_given_a_port_throws_IS_CONNECTED()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));

        Assert.Equal(DgramErrorCode.IsConnected, Assert.Throws<DgramException>(() => socket.Send(Buffer, peer.Port)).Code);
        Assert.Equal(DgramErrorCode.IsConnected, Assert.Throws<DgramException>(() => socket.Send(Buffer, 0, 5, peer.Port, null)).Code);
        Assert.Equal(DgramErrorCode.IsConnected, Assert.Throws<DgramException>(() => socket.Send(Buffer, peer.Port, "127.0.0.1")).Code);
    }

    [Fact]
    public async Task Connected_socket_given_an_address_throws_IS_CONNECTED()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));

        var error = Assert.Throws<DgramException>(() => socket.Send(Buffer, address: "127.0.0.1"));

        Assert.Equal(DgramErrorCode.IsConnected, error.Code);
    }

    [Theory]
    [InlineData("udp4", null, "127.0.0.1")]
    [InlineData("udp4", "", "127.0.0.1")]
    [InlineData("udp6", null, "::1")]
    [InlineData("udp6", "", "::1")]
    public async Task Null_or_empty_address_sends_to_loopback(string type, string? address, string loopback)
    {
        await using var receiver = await Receiver.StartAsync(type, loopback);
        await using var sender = Dgram.CreateSocket(type);

        sender.Send("to loopback", receiver.Port, address);

        Assert.Equal("to loopback"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public void Null_message_throws_INVALID_ARG_TYPE()
    {
        using var socket = Dgram.CreateSocket("udp4");

        Assert.Equal(DgramErrorCode.InvalidArgType, Assert.Throws<DgramException>(() => socket.Send((string)null!, 9)).Code);
        Assert.Equal(DgramErrorCode.InvalidArgType, Assert.Throws<DgramException>(() => socket.Send((byte[][])null!, 9)).Code);
        Assert.Equal(DgramErrorCode.InvalidArgType, Assert.Throws<DgramException>(() => socket.Send(new byte[][] { [1], null! }, 9)).Code);
    }

    public static TheoryData<string, Func<DgramSocket, object?>> NullMessageSends => new()
    {
        // a null array converts silently to an empty ReadOnlyMemory: each of these sent an empty datagram (issue 16, finding 8)
        { "Send(byte[], port, address)", s => { s.Send((byte[])null!, 9, "127.0.0.1"); return null; } },
        { "Send(byte[], port)", s => { s.Send((byte[])null!, 9); return null; } },
        { "Send(byte[], port, callback)", s => { s.Send((byte[])null!, 9, (SendCallback?)null); return null; } },
        { "Send(byte[], offset, length, port, address, callback)", s => { s.Send((byte[])null!, 0, 0, 9, "127.0.0.1", null); return null; } },
        { "Send(byte[], offset, length, port, callback)", s => { s.Send((byte[])null!, 0, 0, 9, (SendCallback?)null); return null; } },
        { "Send(byte[], offset, length, callback)", s => { s.Send((byte[])null!, 0, 0, (SendCallback?)null); return null; } },
        { "Send(byte[], callback)", s => { s.Send((byte[])null!, (SendCallback?)null); return null; } },
        { "SendAsync(byte[], port, address)", s => s.SendAsync((byte[])null!, 9, "127.0.0.1") },
        { "SendAsync(byte[])", s => s.SendAsync((byte[])null!) },
        { "Send(string, port, address)", s => { s.Send((string)null!, 9, "127.0.0.1"); return null; } },
        { "Send(string, offset, length, port, callback)", s => { s.Send((string)null!, 0, 0, 9, (SendCallback?)null); return null; } },
        { "SendAsync(string, port, address)", s => s.SendAsync((string)null!, 9, "127.0.0.1") },
        { "Send(byte[][], port, address)", s => { s.Send((IReadOnlyList<byte[]>)null!, 9, "127.0.0.1"); return null; } },
        { "Send(ReadOnlyMemory[], port, address)", s => { s.Send((IReadOnlyList<ReadOnlyMemory<byte>>)null!, 9, "127.0.0.1"); return null; } },
        { "SendAsync(byte[][], port, address)", s => s.SendAsync((IReadOnlyList<byte[]>)null!, 9, "127.0.0.1") },
    };

    [Theory]
    [MemberData(nameof(NullMessageSends))]
    public void Every_send_overload_given_a_null_message_throws_INVALID_ARG_TYPE_and_sends_nothing(string overload, Func<DgramSocket, object?> send)
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Record.Exception(() => send(socket));

        var thrown = Assert.IsType<DgramException>(error);
        Assert.True(thrown.Code == DgramErrorCode.InvalidArgType, $"{overload}: {thrown.Code}");
        Assert.EndsWith("Received null", thrown.Message);
        Assert.Equal(0, socket.GetSendQueueCount());
    }

    [Fact]
    public async Task Send_on_a_closed_socket_throws_NOT_RUNNING()
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.DisposeAsync();

        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Send(Buffer, 9)).Code);
    }

    [Fact]
    public async Task Argument_errors_come_before_the_closed_check_as_in_Node()
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.DisposeAsync();

#pragma warning disable TDG0004 // wrong on purpose: the test checks the run-time error that TDG0004 reports at compile time
        Assert.Equal(DgramErrorCode.BadPort, Assert.Throws<DgramException>(() => socket.Send(Buffer, 70000)).Code);
#pragma warning restore TDG0004
    }

    [Fact]
    public async Task Every_call_shape_of_the_API_compiles_and_sends()
    {
        await using var receiver = await Receiver.StartAsync();
        int port = receiver.Port;
        byte[] buf = "hello"u8.ToArray();
        byte[] buf1 = "Some "u8.ToArray();
        byte[] buf2 = "bytes"u8.ToArray();
        await using var s = Dgram.CreateSocket("udp4");
        var callbacks = new List<Task>();
        SendCallback Callback()
        {
            var done = Wait.Source();
            callbacks.Add(done.Task);
            return (error, _) => done.TrySetResult();
        }

        s.Send(buf, port, "localhost");
        s.Send(buf, port, "localhost", Callback());
        s.Send(buf, 0, 5, port, "127.0.0.1", Callback());
        s.Send("text", port);
        s.Send(new[] { buf1, buf2 }, port);
        s.Send(new ReadOnlyMemory<byte>[] { buf1, buf2 }, port, Callback());
        s.Send(buf, port, Callback());
        s.Send(buf, 0, 5, port, Callback());
        int n = await s.SendAsync(buf, port, "127.0.0.1");

        Assert.Equal(5, n);
        await Wait.For(Task.WhenAll(callbacks));
        var received = new List<string>();
        for (int i = 0; i < 9; i++)
        {
            received.Add(Encoding.UTF8.GetString((await receiver.NextAsync()).Msg));
        }
        Assert.Equal(["hello", "hello", "hello", "text", "Some bytes", "Some bytes", "hello", "hello", "hello"], received);
    }

    [Fact]
    public async Task Every_connected_call_shape_compiles_and_sends()
    {
        await using var receiver = await Receiver.StartAsync();
        byte[] buf = "hello!"u8.ToArray();
        await using var connected = Dgram.CreateSocket("udp4");
        var connectedCallback = Wait.Source<DgramException?>();
        connected.Connect(receiver.Port, "localhost", error => connectedCallback.TrySetResult(error));
        Assert.Null(await Wait.For(connectedCallback));
        var sent = Wait.Source();

        connected.Send(buf);
        connected.Send(buf, (err, bytes) => sent.TrySetResult());
        connected.Send(buf, 0, 5);
        connected.Send(buf, 1, 2, (err, bytes) => { });
        connected.Send("text");
        connected.Send(new[] { buf, buf });
        await connected.SendAsync(buf);
        await connected.SendAsync("async text");

        await Wait.For(sent);
        string[] expected = ["hello!", "hello!", "hello", "el", "text", "hello!hello!", "hello!", "async text"];
        foreach (string text in expected)
        {
            Assert.Equal(text, Encoding.UTF8.GetString((await receiver.NextAsync()).Msg));
        }
    }
}

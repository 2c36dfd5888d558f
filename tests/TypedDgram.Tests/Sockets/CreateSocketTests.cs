using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class CreateSocketTests
{
    [Theory]
    [InlineData("udp5")]
    [InlineData("tcp")]
    [InlineData("")]
    public void Bad_type_throws_BAD_TYPE(string type)
    {
        var error = Assert.Throws<DgramException>(() => Dgram.CreateSocket(type));
        Assert.Equal(DgramErrorCode.BadType, error.Code);
    }

    [Theory]
    [InlineData("udp4")]
    [InlineData("udp6")]
    public void Type_is_the_one_asked_for(string type)
    {
        using var socket = Dgram.CreateSocket(type);
        Assert.Equal(type, socket.Type);
    }
}

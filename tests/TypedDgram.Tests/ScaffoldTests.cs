using TypedDgram.Sockets;

namespace TypedDgram.Tests;

public class ScaffoldTests
{
    [Fact]
    public void DgramException_carries_Node_code()
    {
        var ex = new DgramException(DgramErrorCode.BadPort, "Port should be > 0 and < 65536. Received 70000.");
        Assert.Equal("ERR_SOCKET_BAD_PORT", ex.Code);
    }
}

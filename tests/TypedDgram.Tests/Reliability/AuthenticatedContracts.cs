using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

/// <summary>A command: read only with a valid HMAC under the socket's key.</summary>
[Datagram(Id = 720, Authenticated = true)]
public partial record Command(int Seq, string Action);

public sealed partial class CommandHandlers
{
    public System.Threading.Channels.Channel<Command> Received { get; } = System.Threading.Channels.Channel.CreateUnbounded<Command>();

    public System.Threading.Channels.Channel<int> Worked { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();

    [DatagramHandler]
    private void On(Command command) => Received.Writer.TryWrite(command);

    [DatagramHandler]
    private void On(Work work) => Worked.Writer.TryWrite(work.Seq);
}

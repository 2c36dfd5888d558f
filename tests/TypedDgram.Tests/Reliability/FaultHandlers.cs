using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Reliability;

[Datagram(Id = 710)]
public partial record Work(int Seq);

[Datagram(Id = 711)]
public partial record Fail(int Seq, bool Async);

[Datagram(Id = 712)]
public partial record Stop(int Seq);

[Datagram(Id = 713)]
public partial record Nobody(int Seq);

/// <summary>
/// Handlers for the fault tests: <see cref="Work"/> is recorded, <see cref="Fail"/> throws (synchronously or from an
/// awaited continuation), <see cref="Stop"/> closes the socket from inside the handler. Nothing handles <see cref="Nobody"/>.
/// </summary>
public sealed partial class FaultHandlers
{
    public DgramSocket? Socket { get; set; }

    public Channel<int> Worked { get; } = Channel.CreateUnbounded<int>();

    [DatagramHandler]
    private void On(Work work) => Worked.Writer.TryWrite(work.Seq);

    [DatagramHandler]
    private async ValueTask On(Fail fail)
    {
        if (fail.Async)
        {
            await Task.Yield();
        }

        throw new InvalidOperationException("handler failed on " + fail.Seq);
    }

    [DatagramHandler]
    private void On(Stop stop) => Socket!.Close();
}

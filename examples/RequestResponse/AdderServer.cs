using TypedDgram.Contracts;

namespace RequestResponse;

/// <summary>
/// Answers each <see cref="Add"/> by returning its <see cref="Sum"/>; the attachment sends it back to the requester.
/// <see cref="Served"/> is not idempotent: a retried request is answered from the attachment's response cache, so it
/// counts each request once however often it was sent.
/// </summary>
public sealed partial class AdderServer
{
    public int Served { get; private set; }

    [DatagramHandler]
    private Sum On(Add request) => new(request.A + request.B, ++Served);
}

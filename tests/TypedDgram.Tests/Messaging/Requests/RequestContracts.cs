using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Messaging.Requests;

[Datagram(Id = 900)]
public partial record GetQuote(string Symbol) : IRequest<Quote>;

[Datagram(Id = 901)]
public partial record Quote(string Symbol, decimal Price, int Run);

/// <summary>A non-idempotent request: each run of its handler moves the counter.</summary>
[Datagram(Id = 902)]
public partial record Increment(int By) : IRequest<Counted>;

[Datagram(Id = 903)]
public partial record Counted(int Total);

/// <summary>A request nobody answers: its handler returns nothing.</summary>
[Datagram(Id = 904)]
public partial record Ignored(int Seq) : IRequest<Quote>;

/// <summary>Answers every request; counts the runs of each handler.</summary>
public sealed partial class QuoteServer
{
    private int _quotes;
    private int _total;

    public int QuoteRuns => Volatile.Read(ref _quotes);

    public int IncrementRuns { get; private set; }

    /// <summary>When set, the Increment handler waits for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, the GetQuote handler throws it.</summary>
    public Exception? Fail { get; set; }

    [DatagramHandler]
    private Quote On(GetQuote request)
    {
        if (Fail is { } error)
        {
            throw error;
        }

        return new Quote(request.Symbol, 101.25m, Interlocked.Increment(ref _quotes));
    }

    [DatagramHandler]
    private async ValueTask<Counted> On(Increment request, RemoteInfo from)
    {
        IncrementRuns++;
        _total += request.By;
        var total = _total;
        if (Gate is { } gate)
        {
            await gate.Task.ConfigureAwait(false);
        }

        return new Counted(total);
    }

    // Deliberately unanswered: the requests of the timeout tests.
#pragma warning disable TDG1011
    [DatagramHandler]
    private void On(Ignored request)
    {
    }
#pragma warning restore TDG1011
}

/// <summary>An authenticated request and response: both carry the HMAC trailer after the correlation element.</summary>
[Datagram(Id = 905, Authenticated = true)]
public partial record Unlock(int Door) : IRequest<Unlocked>;

[Datagram(Id = 906, Authenticated = true)]
public partial record Unlocked(int Door, bool Open);

public sealed partial class DoorServer
{
    [DatagramHandler]
    private Unlocked On(Unlock request) => new(request.Door, true);
}

/// <summary>A client-side handler of the response contract: responses must not reach it.</summary>
public sealed partial class QuoteWatcher
{
    public int Seen { get; private set; }

    [DatagramHandler]
    private void On(Quote quote) => Seen++;
}

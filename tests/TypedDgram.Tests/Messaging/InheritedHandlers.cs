using System.Threading.Channels;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Messaging;

/// <summary>Handled only by <see cref="HandlerBase"/>'s private handler.</summary>
[Datagram]
public partial record BaseOnly(int Seq);

/// <summary>Handled by <see cref="HandlerBase"/>'s virtual handler, which <see cref="DerivedHandlers"/> overrides.</summary>
[Datagram]
public partial record Overridden(int Seq);

/// <summary>Handled by both classes: <see cref="DerivedHandlers"/>' own handler replaces the base's.</summary>
[Datagram]
public partial record Replaced(int Seq);

/// <summary>Handled only by <see cref="DerivedHandlers"/>.</summary>
[Datagram]
public partial record DerivedOnly(int Seq);

/// <summary>A base handler class: each handler records which class's method ran.</summary>
public abstract partial class HandlerBase
{
    public Channel<string> Calls { get; } = Channel.CreateUnbounded<string>();

    [DatagramHandler]
    private void On(BaseOnly message) => Calls.Writer.TryWrite("base " + message.Seq);

    [DatagramHandler]
    protected virtual ValueTask On(Overridden message)
    {
        Calls.Writer.TryWrite("base " + message.Seq);
        return default;
    }

    [DatagramHandler]
    private void On(Replaced message) => Calls.Writer.TryWrite("base " + message.Seq);
}

/// <summary>A class between the two with no handlers of its own.</summary>
public abstract class HandlerMiddle : HandlerBase;

/// <summary>Derives handlers through <see cref="HandlerMiddle"/> and adds, overrides and replaces some.</summary>
public sealed partial class DerivedHandlers : HandlerMiddle
{
    [DatagramHandler]
    private void On(DerivedOnly message) => Calls.Writer.TryWrite("derived " + message.Seq);

    [DatagramHandler]
    private void Instead(Replaced message) => Calls.Writer.TryWrite("derived " + message.Seq);

    protected override ValueTask On(Overridden message)
    {
        Calls.Writer.TryWrite("derived " + message.Seq);
        return default;
    }
}

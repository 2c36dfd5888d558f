using System.Diagnostics;
using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Diagnostics;

/// <summary>Contracts used only by the telemetry tests, so per-type measurements and activities can be told apart from other tests'.</summary>
[Datagram]
public partial record TelemetryProbe(int Seq);

/// <summary>A contract <see cref="TelemetryHandlers"/> has no handler for.</summary>
[Datagram]
public partial record TelemetryStranger(int Seq);

/// <summary>A contract read only with a valid HMAC under the socket's key.</summary>
[Datagram(Authenticated = true)]
public partial record TelemetryCommand(int Seq);

/// <summary>Records each probe with the activity that was current while its handler ran.</summary>
public sealed partial class TelemetryHandlers
{
    public Channel<(TelemetryProbe Probe, Activity? Current)> Received { get; } = Channel.CreateUnbounded<(TelemetryProbe, Activity?)>();

    public Channel<TelemetryCommand> Commands { get; } = Channel.CreateUnbounded<TelemetryCommand>();

    [DatagramHandler]
    private void On(TelemetryProbe probe, RemoteInfo from) => Received.Writer.TryWrite((probe, Activity.Current));

    [DatagramHandler]
    private void On(TelemetryCommand command) => Commands.Writer.TryWrite(command);

    public async Task<(TelemetryProbe Probe, Activity? Current)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TypedDgram.Tests.Sockets.Wait.Timeout);
        return await Received.Reader.ReadAsync(timeout.Token);
    }
}

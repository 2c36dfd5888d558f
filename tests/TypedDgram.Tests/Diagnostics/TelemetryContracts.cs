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

/// <summary>Records each probe with the activity that was current while its handler ran.</summary>
public sealed partial class TelemetryHandlers
{
    public Channel<(TelemetryProbe Probe, Activity? Current)> Received { get; } = Channel.CreateUnbounded<(TelemetryProbe, Activity?)>();

    [DatagramHandler]
    private void On(TelemetryProbe probe, RemoteInfo from) => Received.Writer.TryWrite((probe, Activity.Current));

    public async Task<(TelemetryProbe Probe, Activity? Current)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TypedDgram.Tests.Sockets.Wait.Timeout);
        return await Received.Reader.ReadAsync(timeout.Token);
    }
}

using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace PackageConsumer;

/// <summary>A contract whose serializer only the packaged generator can write.</summary>
[Datagram]
public partial record Reading(string Sensor, double Celsius, int Sequence, DateTimeOffset TakenAt, string? Note = null);

/// <summary>A handler class whose dispatch only the packaged generator can write.</summary>
public partial class ReadingSink
{
    /// <summary>Completes with the first reading received.</summary>
    public TaskCompletionSource<Reading> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [DatagramHandler]
    private void On(Reading reading, RemoteInfo from) => First.TrySetResult(reading);
}

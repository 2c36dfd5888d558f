using TypedDgram.Diagnostics;

namespace TypedDgram.Sockets;

/// <summary>What the socket layer reports: one call per datagram received and per send finished.</summary>
internal static class SocketTelemetry
{
    private const string ErrorCodeTag = "error.code";

    /// <summary>A datagram of <paramref name="bytes"/> bytes was read.</summary>
    public static void Received(int bytes)
    {
        if (Telemetry.DatagramsReceived.Enabled)
        {
            Telemetry.DatagramsReceived.Add(1);
        }

        if (Telemetry.BytesReceived.Enabled)
        {
            Telemetry.BytesReceived.Add(bytes);
        }
    }

    /// <summary>A queued send finished: sent <paramref name="bytes"/> bytes, or failed with <paramref name="errorCode"/>.</summary>
    public static void SendFinished(string? errorCode, int bytes)
    {
        if (errorCode is not null)
        {
            if (Telemetry.SendErrors.Enabled)
            {
                Telemetry.SendErrors.Add(1, new KeyValuePair<string, object?>(ErrorCodeTag, errorCode));
            }

            return;
        }

        if (Telemetry.DatagramsSent.Enabled)
        {
            Telemetry.DatagramsSent.Add(1);
        }

        if (Telemetry.BytesSent.Enabled)
        {
            Telemetry.BytesSent.Add(bytes);
        }
    }

    /// <summary><paramref name="count"/> errors were dropped because the socket's error lane was full (<see cref="ErrorLane"/>).</summary>
    public static void ErrorsDropped(long count)
    {
        if (Telemetry.ErrorsDropped.Enabled)
        {
            Telemetry.ErrorsDropped.Add(count);
        }
    }
}

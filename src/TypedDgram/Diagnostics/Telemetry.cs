using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TypedDgram.Diagnostics;

/// <summary>
/// The process-wide meter, instruments and activity source (docs/telemetry.md). Created on first use; each instrument's
/// <c>Enabled</c> is false until a listener subscribes, and callers test it before building tags.
/// </summary>
internal static class Telemetry
{
    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    public static readonly Meter Meter = new(TypedDgramTelemetry.MeterName, Version);

    public static readonly ActivitySource Source = new(TypedDgramTelemetry.ActivitySourceName, Version);

    public static readonly Counter<long> DatagramsSent = Meter.CreateCounter<long>(
        "typeddgram.datagrams.sent", "{datagram}", "Datagrams the OS accepted from a socket's send.");

    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>(
        "typeddgram.bytes.sent", "By", "Payload bytes of the datagrams the OS accepted.");

    public static readonly Counter<long> SendErrors = Meter.CreateCounter<long>(
        "typeddgram.send.errors", "{error}", "Sends that failed after being queued, by error.code (EMSGSIZE, ENOTFOUND, ...).");

    public static readonly Counter<long> ErrorsDropped = Meter.CreateCounter<long>(
        "typeddgram.socket.errors.dropped", "{error}", "Errors a socket dropped instead of raising, because 1,024 were already waiting for its Error handler.");

    public static readonly Counter<long> DatagramsReceived = Meter.CreateCounter<long>(
        "typeddgram.datagrams.received", "{datagram}", "Datagrams a socket's receive loop read.");

    public static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>(
        "typeddgram.bytes.received", "By", "Payload bytes of the datagrams read.");

    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(
        "typeddgram.messages.sent", "{message}", "Typed messages serialized and queued for sending, by typeddgram.message.type.");

    public static readonly Counter<long> MessagesDispatched = Meter.CreateCounter<long>(
        "typeddgram.messages.dispatched", "{message}", "Datagrams passed to a handler or offered to a typed receive stream, by typeddgram.message.type_id.");

    public static readonly Counter<long> DatagramsMalformed = Meter.CreateCounter<long>(
        "typeddgram.datagrams.malformed", "{datagram}", "Datagrams rejected as malformed (each also raised the socket's Error).");

    public static readonly Counter<long> DatagramsUnhandled = Meter.CreateCounter<long>(
        "typeddgram.datagrams.unhandled", "{datagram}", "Well-formed datagrams whose type id had no handler, by typeddgram.message.type_id.");

    public static readonly Counter<long> DatagramsDropped = Meter.CreateCounter<long>(
        "typeddgram.datagrams.dropped", "{datagram}", "Datagrams read but discarded by TypedDgram (a typed receive stream or a pub/sub SubscribeAsync stream whose queue was full, an authenticated contract without a valid tag or replayed), by typeddgram.drop.reason.");

    public static readonly Counter<long> HeartbeatsSent = Meter.CreateCounter<long>(
        "typeddgram.pubsub.heartbeats.sent", "{heartbeat}", "Heartbeats pub/sub buses sent: one per heartbeat period a bus that has published was idle.");

    public static readonly Counter<long> HeartbeatsReceived = Meter.CreateCounter<long>(
        "typeddgram.pubsub.heartbeats.received", "{heartbeat}", "Heartbeats pub/sub buses received, by typeddgram.heartbeat.outcome (believed, replayed, beyond_window).");

    public static readonly Counter<long> TailLost = Meter.CreateCounter<long>(
        "typeddgram.pubsub.tail_lost", "{publication}", "Publication numbers heartbeats revealed missing (tail loss), also counted lost.");

    public static readonly Counter<long> PublishersJoined = Meter.CreateCounter<long>(
        "typeddgram.pubsub.publishers.joined", "{publisher}", "Publishers a pub/sub bus heard first, or again after their lease expired, by typeddgram.liveliness.reason.");

    public static readonly Counter<long> PublishersLost = Meter.CreateCounter<long>(
        "typeddgram.pubsub.publishers.lost", "{publisher}", "Publishers whose lease expired on a pub/sub bus, or that it forgot while alive, by typeddgram.liveliness.reason.");

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "typeddgram.request.duration",
        "s",
        "Time from a RequestAsync's first send to its response, timeout, cancellation or failure, by typeddgram.message.type and typeddgram.request.outcome.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Counter<long> RequestRetries = Meter.CreateCounter<long>(
        "typeddgram.request.retries", "{retry}", "Requests sent again because no response came in time, by typeddgram.message.type.");

    public static readonly Counter<long> ResponsesUnmatched = Meter.CreateCounter<long>(
        "typeddgram.responses.unmatched", "{response}", "Responses no request was waiting for (late, duplicated, or for another socket), by typeddgram.message.type_id.");

    public static readonly Counter<long> RequestsDuplicate = Meter.CreateCounter<long>(
        "typeddgram.requests.duplicate", "{request}", "Requests received again (same sender, same correlation id) and not run again, by typeddgram.duplicate.action (resent, in_progress, no_response).");

    public static readonly Counter<long> PubSubRepairs = Meter.CreateCounter<long>(
        "typeddgram.pubsub.repairs", "{event}", "Reliable pub/sub repair events, by typeddgram.repair.event (nak_sent, nak_received, retransmitted, recovered, unrecoverable).");
}

using System.Collections.Concurrent;
using System.Diagnostics;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Diagnostics;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// What typed messaging reports (docs/telemetry.md): one call per typed send, per dispatched datagram and per datagram
/// a typed stream receives. Every path tests an <c>Enabled</c> flag or <see cref="ActivitySource.HasListeners"/> first,
/// so with no listener nothing is allocated.
/// </summary>
internal static class MessagingTelemetry
{
    private const string DropReasonTag = "typeddgram.drop.reason";
    private const string ReceiveQueueFull = "receive_queue_full";
    private const string UnauthenticatedReason = "unauthenticated";
    private const string ReplayedReason = "replayed";

    // Type ids come from the network: box each one once, but never let hostile input grow the cache without bound.
    private const int MaxCachedTypeIds = 1024;
    private static readonly ConcurrentDictionary<uint, object> BoxedTypeIds = new();

    /// <summary>A typed message is about to be sent: counts it and starts its send activity (null without a listener).</summary>
    public static Activity? Sending<T>(int? port, string? address)
        where T : IDatagram<T>
    {
        if (Telemetry.MessagesSent.Enabled)
        {
            Telemetry.MessagesSent.Add(1, new KeyValuePair<string, object?>(TypedDgramTelemetry.MessageTypeTag, Contract<T>.Name));
        }

        if (!Telemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = Telemetry.Source.StartActivity(TypedDgramTelemetry.SendActivityName, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "typeddgram");
            activity.SetTag("network.transport", "udp");
            activity.SetTag(TypedDgramTelemetry.MessageTypeTag, Contract<T>.Name);
            activity.SetTag(TypedDgramTelemetry.MessageTypeIdTag, Contract<T>.BoxedTypeId);
            if (port is int destinationPort)
            {
                activity.SetTag("server.address", address);
                activity.SetTag("server.port", destinationPort);
            }
        }

        return activity;
    }

    /// <summary>Ends a send activity when the awaited send completes, marking it failed if the send fails.</summary>
    public static async ValueTask<int> EndWhenSent(Activity activity, ValueTask<int> pending)
    {
        using (activity)
        {
            try
            {
                return await pending.ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Failed(activity, error);
                throw;
            }
        }
    }

    /// <summary>Marks an activity failed with <paramref name="error"/>.</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.AddException(error);
        }
    }

    /// <summary>An attachment starts dispatching a datagram from <paramref name="from"/>: the dispatch activity, current while the handler runs (null without a listener).</summary>
    public static Activity? StartDispatch(RemoteInfo from)
    {
        if (!Telemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = Telemetry.Source.StartActivity(TypedDgramTelemetry.DispatchActivityName, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "typeddgram");
            activity.SetTag("network.transport", "udp");
            activity.SetTag("network.peer.address", from.Address);
            activity.SetTag("network.peer.port", from.Port);
        }

        return activity;
    }

    /// <summary>An attachment finished with a datagram: counts it as dispatched, unhandled or malformed, and tags the activity.</summary>
    public static void Dispatched(Activity? activity, uint typeId, DispatchStatus status)
    {
        switch (status)
        {
            case DispatchStatus.Handled or DispatchStatus.Started:
                if (Telemetry.MessagesDispatched.Enabled)
                {
                    Telemetry.MessagesDispatched.Add(1, TypeIdTag(typeId));
                }

                break;
            case DispatchStatus.NoHandler:
                if (Telemetry.DatagramsUnhandled.Enabled)
                {
                    Telemetry.DatagramsUnhandled.Add(1, TypeIdTag(typeId));
                }

                break;
            default:
                Malformed();
                activity?.SetStatus(ActivityStatusCode.Error, "malformed datagram");
                break;
        }

        if (activity is not null && typeId != 0)
        {
            activity.SetTag(TypedDgramTelemetry.MessageTypeIdTag, Boxed(typeId));
            activity.SetTag("typeddgram.dispatch.status", status switch
            {
                DispatchStatus.Handled => "handled",
                DispatchStatus.Started => "started",
                DispatchStatus.NoHandler => "no_handler",
                _ => "malformed",
            });
        }
    }

    /// <summary>A datagram was rejected as malformed.</summary>
    public static void Malformed()
    {
        if (Telemetry.DatagramsMalformed.Enabled)
        {
            Telemetry.DatagramsMalformed.Add(1);
        }
    }

    /// <summary>A typed receive stream read a <typeparamref name="T"/> and offers it to its queue.</summary>
    public static void StreamReceived<T>()
        where T : IDatagram<T>
    {
        if (Telemetry.MessagesDispatched.Enabled)
        {
            Telemetry.MessagesDispatched.Add(1, new KeyValuePair<string, object?>(TypedDgramTelemetry.MessageTypeIdTag, Contract<T>.BoxedTypeId));
        }
    }

    /// <summary>A typed receive stream's queue was full, so a <typeparamref name="T"/> it read was dropped.</summary>
    public static void StreamDropped<T>()
        where T : IDatagram<T>
    {
        if (Telemetry.DatagramsDropped.Enabled)
        {
            Telemetry.DatagramsDropped.Add(
                1,
                new KeyValuePair<string, object?>(DropReasonTag, ReceiveQueueFull),
                new KeyValuePair<string, object?>(TypedDgramTelemetry.MessageTypeIdTag, Contract<T>.BoxedTypeId));
        }
    }

    /// <summary>
    /// A receiver dropped a datagram of an authenticated contract: no valid HMAC under the socket's key, or
    /// (<paramref name="replayed"/>) a valid one it had already seen. <paramref name="typeId"/> is 0 when the envelope
    /// could not be read. Counted as dropped, not malformed (it raised no <c>Error</c>); a dispatch activity is tagged
    /// with the status <c>unauthenticated</c> and not marked failed.
    /// </summary>
    public static void Rejected(uint typeId, bool replayed, Activity? activity = null)
    {
        if (activity is not null && typeId != 0)
        {
            activity.SetTag(TypedDgramTelemetry.MessageTypeIdTag, Boxed(typeId));
            activity.SetTag("typeddgram.dispatch.status", UnauthenticatedReason);
        }

        if (!Telemetry.DatagramsDropped.Enabled)
        {
            return;
        }

        var reason = new KeyValuePair<string, object?>(DropReasonTag, replayed ? ReplayedReason : UnauthenticatedReason);
        if (typeId == 0)
        {
            Telemetry.DatagramsDropped.Add(1, reason);
        }
        else
        {
            Telemetry.DatagramsDropped.Add(1, reason, TypeIdTag(typeId));
        }
    }

    /// <summary>The type id in the envelope of <paramref name="datagram"/>, or 0 when it cannot be read; only read with a listener.</summary>
    public static uint TypeIdForDrop(ReadOnlyMemory<byte> datagram, DatagramReaderLimits limits)
    {
        if (!Telemetry.DatagramsDropped.Enabled)
        {
            return 0;
        }

        var reader = new MessagePack.MessagePackReader(datagram);
        var context = new DatagramReadContext(limits, datagram);
        return DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out _) ? typeId : 0;
    }

    /// <summary>A response reached no waiting request (late, repeated, or for another socket): counted, never an error.</summary>
    public static void UnmatchedResponse(ReadOnlyMemory<byte> datagram)
    {
        if (Telemetry.ResponsesUnmatched.Enabled)
        {
            var reader = new MessagePack.MessagePackReader(datagram);
            var context = new DatagramReadContext(DatagramReaderLimits.Default, datagram);
            if (DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out _))
            {
                Telemetry.ResponsesUnmatched.Add(1, TypeIdTag(typeId));
            }
            else
            {
                Telemetry.ResponsesUnmatched.Add(1);
            }
        }
    }

    /// <summary>A request arrived again and was not run again: <paramref name="action"/> is <c>resent</c>, <c>in_progress</c> or <c>no_response</c>.</summary>
    public static void DuplicateRequest(string action)
    {
        if (Telemetry.RequestsDuplicate.Enabled)
        {
            Telemetry.RequestsDuplicate.Add(1, new KeyValuePair<string, object?>("typeddgram.duplicate.action", action));
        }
    }

    /// <summary>A <c>RequestAsync</c> starts: its activity, current while it sends and waits (null without a listener).</summary>
    public static Activity? StartRequest<T>(TransportDestination destination, ulong correlationId)
        where T : IDatagram<T>
    {
        if (!Telemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = Telemetry.Source.StartActivity(TypedDgramTelemetry.RequestActivityName, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "typeddgram");
            activity.SetTag("network.transport", "udp");
            activity.SetTag(TypedDgramTelemetry.MessageTypeTag, Contract<T>.Name);
            activity.SetTag(TypedDgramTelemetry.MessageTypeIdTag, Contract<T>.BoxedTypeId);
            activity.SetTag("typeddgram.request.correlation_id", correlationId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            if (destination.Port is int port)
            {
                activity.SetTag("server.address", destination.Address);
                activity.SetTag("server.port", port);
            }
        }

        return activity;
    }

    /// <summary>A request is sent again after a wait without an answer.</summary>
    public static void Retried<T>()
        where T : IDatagram<T>
    {
        if (Telemetry.RequestRetries.Enabled)
        {
            Telemetry.RequestRetries.Add(1, new KeyValuePair<string, object?>(TypedDgramTelemetry.MessageTypeTag, Contract<T>.Name));
        }
    }

    /// <summary>
    /// A request ended: records its duration on <c>typeddgram.request.duration</c> with its <paramref name="outcome"/>
    /// (<c>answered</c>, <c>timeout</c>, <c>cancelled</c>, <c>failed</c>) and tags its activity.
    /// </summary>
    public static void RequestEnded<T>(Activity? activity, string outcome, int attempts, long startedTimestamp, Exception? error)
        where T : IDatagram<T>
    {
        if (Telemetry.RequestDuration.Enabled)
        {
            Telemetry.RequestDuration.Record(
                Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>(TypedDgramTelemetry.MessageTypeTag, Contract<T>.Name),
                new KeyValuePair<string, object?>("typeddgram.request.outcome", outcome));
        }

        if (activity is not null)
        {
            activity.SetTag("typeddgram.request.attempts", attempts);
            activity.SetTag("typeddgram.request.outcome", outcome);
            if (error is not null)
            {
                Failed(activity, error);
            }
        }
    }

    private static KeyValuePair<string, object?> TypeIdTag(uint typeId) => new(TypedDgramTelemetry.MessageTypeIdTag, Boxed(typeId));

    // OpenTelemetry tag values are long, not uint.
    private static object Boxed(uint typeId) =>
        BoxedTypeIds.TryGetValue(typeId, out var boxed) ? boxed
        : BoxedTypeIds.Count < MaxCachedTypeIds ? BoxedTypeIds.GetOrAdd(typeId, static id => (long)id)
        : (long)typeId;

    private static class Contract<T>
        where T : IDatagram<T>
    {
        public static readonly string Name = typeof(T).FullName ?? typeof(T).Name;

        public static readonly object BoxedTypeId = (long)T.TypeId;
    }
}

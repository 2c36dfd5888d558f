namespace TypedDgram.Diagnostics;

/// <summary>
/// The names under which TypedDgram reports metrics (<see cref="System.Diagnostics.Metrics.Meter"/>) and traces
/// (<see cref="System.Diagnostics.ActivitySource"/>); docs/telemetry.md lists every instrument and tag. Both are off
/// until a listener subscribes (OpenTelemetry's <c>AddMeter</c>/<c>AddSource</c>, <c>dotnet-counters</c>, a
/// <c>MeterListener</c>): without one the hot paths only test an <c>Enabled</c> flag.
/// </summary>
public static class TypedDgramTelemetry
{
    /// <summary>The meter's name: <c>TypedDgram</c>.</summary>
    public const string MeterName = "TypedDgram";

    /// <summary>The activity source's name: <c>TypedDgram</c>.</summary>
    public const string ActivitySourceName = "TypedDgram";

    /// <summary>The activity started for each typed send (<c>Send&lt;T&gt;</c>, <c>SendAsync&lt;T&gt;</c>): kind Producer.</summary>
    public const string SendActivityName = "TypedDgram.Send";

    /// <summary>The activity started for each datagram an attachment dispatches: kind Consumer, current while a synchronous handler runs.</summary>
    public const string DispatchActivityName = "TypedDgram.Dispatch";

    /// <summary>The activity started for each <c>RequestAsync</c>, from its first send to its response or failure: kind Client.</summary>
    public const string RequestActivityName = "TypedDgram.Request";

    /// <summary>The tag naming a contract on per-type measurements and activities (its CLR full name, when known).</summary>
    public const string MessageTypeTag = "typeddgram.message.type";

    /// <summary>The tag holding a contract's wire type id on per-type measurements and activities.</summary>
    public const string MessageTypeIdTag = "typeddgram.message.type_id";
}

using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.Records;

// The realistic shapes of the throughput rows (issue 14): what applications send, rather than Blob's one byte[].
// Each is sized to the run's payload by its last string (RealisticSamples), so every row sends the same bytes per datagram.

/// <summary>A market tick, the shape of the independent benchmark: three scalars and a string.</summary>
[Datagram(Id = 111)]
public sealed partial record Tick(int Seq, long Stamp, double Price, string Pad);

/// <summary>Several scalars and strings: an order as a trading front end sends it.</summary>
[Datagram(Id = 112)]
public sealed partial record Order(
    int Seq,
    long Account,
    string Symbol,
    bool Buy,
    int Quantity,
    double Limit,
    short Venue,
    string ClientTag,
    string Note);

/// <summary>The nested part of <see cref="Reading"/>: where a reading comes from.</summary>
[DatagramPart]
public sealed partial record Origin(string Host, int Sensor, float Latitude, float Longitude);

/// <summary>A contract with a nested <see cref="DatagramPartAttribute">[DatagramPart]</see>: a sensor reading.</summary>
[Datagram(Id = 113)]
public sealed partial record Reading(int Seq, long Stamp, Origin Origin, double Value, string Unit);

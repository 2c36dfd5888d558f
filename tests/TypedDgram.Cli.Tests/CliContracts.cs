using TypedDgram.Contracts;

namespace TypedDgram.Cli.Tests;

/// <summary>A contract that `tdg listen --contracts` finds in this test assembly.</summary>
[Datagram(Id = 1)]
public partial record Greeting(int Seq, string Text);

/// <summary>A contract with a nested collection and a timestamp, to see the members named.</summary>
[Datagram(Id = 2)]
public partial record Reading(string Sensor, double[] Values, DateTimeOffset TakenAt);

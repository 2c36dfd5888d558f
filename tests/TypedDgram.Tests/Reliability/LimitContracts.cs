using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

/// <summary>One member per limit: a string, a binary, an array, a map and arrays nested two deep.</summary>
[Datagram(Id = 700)]
public partial record Limited(string Text, byte[] Data, int[] Numbers, Dictionary<int, int> Map, int[][] Nested);

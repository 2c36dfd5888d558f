namespace TypedDgram.Fuzz;

/// <summary>An invariant of the reader or of dispatch that an input broke: the fuzzers report it as a crash.</summary>
public sealed class FuzzFailure(string message) : Exception(message);

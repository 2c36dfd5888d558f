namespace TypedDgram.Benchmarks.Throughput;

/// <summary>One column of the throughput table: how to start its receiver and its sender.</summary>
/// <param name="Key">A short id (also the markdown anchor of its row).</param>
/// <param name="Label">What the table shows.</param>
/// <param name="Receiver">The receiving child.</param>
/// <param name="Sender">The sending child for the given arguments.</param>
public sealed record Implementation(
    string Key,
    string Label,
    ChildCommand Receiver,
    Func<ChildProtocol.SendArguments, ChildCommand> Sender);

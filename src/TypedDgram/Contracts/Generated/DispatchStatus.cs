namespace TypedDgram.Contracts.Generated;

/// <summary>Called by generated code; not for use in your code. The outcome of dispatching one datagram (<see cref="DispatchResult.Status"/>).</summary>
public enum DispatchStatus
{
    /// <summary>A synchronous handler ran to completion.</summary>
    Handled,

    /// <summary>An asynchronous handler was called; its ValueTask is in <see cref="DispatchResult.Pending"/>.</summary>
    Started,

    /// <summary>No handler for the datagram's type id.</summary>
    NoHandler,

    /// <summary>The datagram could not be read.</summary>
    Malformed,
}

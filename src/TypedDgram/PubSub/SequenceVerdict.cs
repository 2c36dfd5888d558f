namespace TypedDgram.PubSub;

/// <summary>
/// What the sequence check decided about one publication (see docs/wire-format.md, section 7, "Counting rules").
/// </summary>
internal enum SequenceVerdict : byte
{
    /// <summary>Newer than every earlier one from its publisher: delivered; any numbers it skipped are counted lost.</summary>
    Accepted,

    /// <summary>Older than the newest, within the reorder window and not seen before: delivered, counted reordered, taken off lost.</summary>
    Reordered,

    /// <summary>Seen before: counted duplicated and not delivered again.</summary>
    Duplicate,

    /// <summary>More than the reorder window behind the newest: cannot be told from a duplicate, so not delivered; it stays lost.</summary>
    Stale,
}

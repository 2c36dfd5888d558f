using System.Globalization;

namespace TypedDgram.PubSub;

/// <summary>
/// Where a publication sat in the datagram that carried it: alone, or element <see cref="Index"/> (from 0) of a batch
/// of <see cref="Count"/> whose first publication is number <see cref="First"/>. Described only in a malformed report,
/// so a publication that reads costs no string.
/// </summary>
internal readonly record struct BatchPlace(int Index, int Count, ulong First)
{
    /// <summary>A publication that came alone.</summary>
    public static BatchPlace Alone => default;

    /// <summary>"batch element 3 of 20 (publication 1234): ", or nothing for a publication alone.</summary>
    public string Describe() => Count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"batch element {Index} of {Count} (publication {First + (ulong)Index}): ");
}

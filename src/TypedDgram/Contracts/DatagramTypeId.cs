namespace TypedDgram.Contracts;

/// <summary>
/// The 32-bit type ids that open every datagram, and the stable hash that names a contract declared without an explicit id.
/// </summary>
/// <remarks>
/// The id space is split so that explicit and hashed ids never collide:
/// <list type="bullet">
/// <item><c>0</c> is never a valid id.</item>
/// <item><see cref="MinExplicit"/>..<see cref="MaxExplicit"/> (1..0x7FFFFEFF): explicit ids, <c>[Datagram(Id = n)]</c>.</item>
/// <item><see cref="MinReserved"/>..0x7FFFFFFF: reserved for TypedDgram's own protocols.</item>
/// <item>0x80000000..0xFFFFFFFF: hashed ids, <see cref="FromName(string)"/>.</item>
/// </list>
/// </remarks>
public static class DatagramTypeId
{
    /// <summary>The smallest explicit id.</summary>
    public const int MinExplicit = 1;

    /// <summary>The largest explicit id; the ids above it, up to 0x7FFFFFFF, are reserved.</summary>
    public const int MaxExplicit = 0x7FFF_FEFF;

    /// <summary>The first of the 256 ids reserved for TypedDgram's own protocols.</summary>
    public const uint MinReserved = 0x7FFF_FF00;

    /// <summary>The bit set in every hashed id and in no explicit one.</summary>
    public const uint HashedBit = 0x8000_0000;

    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// The hashed id of a contract: FNV-1a 32-bit over the UTF-8 bytes of <paramref name="fullName"/>
    /// (the CLR full name, <c>Namespace.Outer+Inner</c>, as <see cref="Type.FullName"/> gives it), with <see cref="HashedBit"/> set.
    /// </summary>
    public static uint FromName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var hash = FnvOffsetBasis;
        Span<byte> scratch = stackalloc byte[4];
        foreach (var rune in fullName.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(scratch);
            for (var i = 0; i < length; i++)
            {
                hash = unchecked((hash ^ scratch[i]) * FnvPrime);
            }
        }

        return hash | HashedBit;
    }

    /// <summary>True for an id written as <c>[Datagram(Id = n)]</c>: 1..<see cref="MaxExplicit"/>.</summary>
    public static bool IsExplicit(uint typeId) => typeId is >= MinExplicit and <= MaxExplicit;

    /// <summary>True for an id made by <see cref="FromName(string)"/>.</summary>
    public static bool IsHashed(uint typeId) => (typeId & HashedBit) != 0;

    /// <summary>Formats an id the way docs and error messages show it: <c>7</c> or <c>0x9A3F12C4</c>.</summary>
    public static string Format(uint typeId)
        => IsHashed(typeId) ? "0x" + typeId.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) : typeId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

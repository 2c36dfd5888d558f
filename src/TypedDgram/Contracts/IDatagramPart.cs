using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace TypedDgram.Contracts;

/// <summary>
/// A value written as MessagePack members in declaration order; implemented by generated code for every
/// <see cref="DatagramPartAttribute"/> and <see cref="DatagramAttribute"/> record.
/// </summary>
/// <typeparam name="TSelf">The implementing record.</typeparam>
public interface IDatagramPart<TSelf> where TSelf : IDatagramPart<TSelf>
{
    // The members below are the generated serializer: generated code implements them (explicitly, so they never show
    // on the user's record) and calls them. They must stay on this interface, which users name as a constraint, so they
    // are hidden from IntelliSense rather than moved to TypedDgram.Contracts.Generated.

    /// <summary>The number of members this version of the record writes.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract int MemberCount { get; }

    /// <summary>Writes the members of <paramref name="value"/> in declaration order, without an array header.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void WriteMembers(ref MessagePackWriter writer, TSelf value);

    /// <summary>
    /// Reads <paramref name="count"/> array elements as members: missing trailing members take their defaults and
    /// extra trailing elements are skipped. Returns false, with the reason in <paramref name="context"/>, on malformed input.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract bool TryReadMembers(ref MessagePackReader reader, int count, ref DatagramReadContext context, [MaybeNullWhen(false)] out TSelf value);
}

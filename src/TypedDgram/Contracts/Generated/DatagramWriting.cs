using System.Buffers.Text;
using MessagePack;

namespace TypedDgram.Contracts.Generated;

/// <summary>Called by generated code; not for use in your code. Writes the member types MessagePack has no native form for.</summary>
/// <remarks>
/// The layouts are the ones docs/wire-format.md fixes (those MessagePack-CSharp's standard resolver uses); the other
/// member types are written with <see cref="MessagePackWriter"/> directly.
/// </remarks>
public static class DatagramWriting
{
    /// <summary>Writes a <see cref="Guid"/> as its 36-character lowercase string <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public static void Write(ref MessagePackWriter writer, Guid value)
    {
        writer.WriteStringHeader(36);
        Utf8Formatter.TryFormat(value, writer.GetSpan(36), out _, 'D');
        writer.Advance(36);
    }

    /// <summary>Writes a <see cref="decimal"/> as its invariant-culture string (<c>"-12.50"</c>), scale kept.</summary>
    public static void Write(ref MessagePackWriter writer, decimal value)
    {
        Span<byte> text = stackalloc byte[64];
        Utf8Formatter.TryFormat(value, text, out var written);
        writer.WriteStringHeader(written);
        text[..written].CopyTo(writer.GetSpan(written));
        writer.Advance(written);
    }

    /// <summary>Writes a <see cref="DateTime"/> as a MessagePack timestamp: local times are converted to UTC, unspecified ones are taken as UTC.</summary>
    public static void Write(ref MessagePackWriter writer, DateTime value) => writer.Write(value);

    /// <summary>Writes a <see cref="DateTimeOffset"/> as <c>[clock time as a timestamp, offset in minutes]</c>.</summary>
    public static void Write(ref MessagePackWriter writer, DateTimeOffset value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(new DateTime(value.Ticks, DateTimeKind.Utc));
        writer.Write((short)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>Writes a <see cref="TimeSpan"/> as its integer count of 100 ns ticks.</summary>
    public static void Write(ref MessagePackWriter writer, TimeSpan value) => writer.Write(value.Ticks);

    /// <summary>Writes bytes as a MessagePack bin.</summary>
    public static void Write(ref MessagePackWriter writer, ReadOnlyMemory<byte> value) => writer.Write(value.Span);

    /// <summary>Writes a nested part or contract as an array of its members (no type id), or nil for null.</summary>
    public static void WritePart<T>(ref MessagePackWriter writer, T? value)
        where T : IDatagramPart<T>
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(T.MemberCount);
        T.WriteMembers(ref writer, value);
    }
}

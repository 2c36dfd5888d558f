using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace TypedDgram.Cli;

/// <summary>
/// Writes any MessagePack value as JSON: maps become objects (non-string keys as their JSON text), binary becomes
/// base64, the timestamp extension an ISO 8601 string, other extensions <c>{"ext": type, "data": base64}</c>.
/// Input is untrusted: nesting is bounded and truncated input throws.
/// </summary>
internal static class MessagePackJson
{
    private const int MaxDepth = 64;

    public static void WriteValue(ref MessagePackReader reader, Utf8JsonWriter writer, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new MessagePackSerializationException($"nested deeper than {MaxDepth}");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    writer.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    writer.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                WriteDouble(writer, reader.ReadDouble());
                break;
            case MessagePackType.String:
                writer.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                writer.WriteBase64StringValue(reader.ReadBytes()?.ToArray() ?? []);
                break;
            case MessagePackType.Array:
                var count = reader.ReadArrayHeader();
                writer.WriteStartArray();
                for (var i = 0; i < count; i++)
                {
                    WriteValue(ref reader, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case MessagePackType.Map:
                var pairs = reader.ReadMapHeader();
                writer.WriteStartObject();
                for (var i = 0; i < pairs; i++)
                {
                    writer.WritePropertyName(reader.NextMessagePackType == MessagePackType.String ? reader.ReadString() ?? "" : KeyText(ref reader, depth));
                    WriteValue(ref reader, writer, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case MessagePackType.Extension:
                var header = reader.ReadExtensionFormatHeader();
                if (header.TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
                {
                    writer.WriteStringValue(reader.ReadDateTime(header).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("ext", header.TypeCode);
                    writer.WriteBase64String("data", reader.ReadRaw(header.Length).ToArray());
                    writer.WriteEndObject();
                }

                break;
            default:
                throw new MessagePackSerializationException($"unknown MessagePack code 0x{reader.NextCode:x2}");
        }
    }

    /// <summary>The remaining bytes, read as one MessagePack value, as JSON text.</summary>
    public static string ToJson(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(ref reader, writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string KeyText(ref MessagePackReader reader, int depth)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(ref reader, writer, depth + 1);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        // JSON has no NaN or infinities: write them as the strings .NET and JavaScript print.
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

using System.Text;
using System.Text.Json;
using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// One JSON line per datagram: <c>{"from", "size", "typeId", "contract", "message"}</c> when a contract of
/// <c>--contracts</c> has the type id, <c>{"from", "size", "typeId", "members"}</c> otherwise, and
/// <c>{"from", "size", "error", "hex"}</c> for bytes that are not a TypedDgram datagram.
/// </summary>
internal sealed class DatagramPrinter(ContractCatalog? contracts)
{
    /// <summary>Datagrams that were not a readable TypedDgram datagram.</summary>
    public long Undecodable { get; private set; }

    public string Format(byte[] datagram, RemoteInfo from)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("from", from.Family == "IPv6" ? $"[{from.Address}]:{from.Port}" : $"{from.Address}:{from.Port}");
            writer.WriteNumber("size", datagram.Length);
            if (!TryWriteDatagram(datagram, writer, out var error))
            {
                Undecodable++;
                writer.WriteString("error", error);
                writer.WriteString("hex", Convert.ToHexStringLower(datagram));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private bool TryWriteDatagram(byte[] datagram, Utf8JsonWriter writer, out string? error)
    {
        error = null;
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount))
        {
            error = context.ToException().Message;
            return false;
        }

        writer.WriteNumber("typeId", typeId);
        if (contracts is not null && contracts.TryGet(typeId, out var contract))
        {
            writer.WriteString("contract", contract.FullName);
            try
            {
                // Decode into a scratch writer first, so a malformed body leaves no half-written object behind.
                using var scratch = new MemoryStream();
                using (var message = new Utf8JsonWriter(scratch))
                {
                    ContractCatalog.WriteMessage(contract, datagram, message);
                }

                writer.WritePropertyName("message");
                writer.WriteRawValue(scratch.ToArray(), skipInputValidation: true);
                return true;
            }
            catch (MalformedDatagramException malformed)
            {
                error = malformed.Message;
                return false;
            }
        }

        try
        {
            using var scratch = new MemoryStream();
            using (var members = new Utf8JsonWriter(scratch))
            {
                members.WriteStartArray();
                for (var i = 0; i < memberCount; i++)
                {
                    MessagePackJson.WriteValue(ref reader, members, depth: 1);
                }

                members.WriteEndArray();
            }

            writer.WritePropertyName("members");
            writer.WriteRawValue(scratch.ToArray(), skipInputValidation: true);
            return true;
        }
        catch (Exception unreadable) when (unreadable is MessagePackSerializationException or EndOfStreamException)
        {
            error = $"malformed MessagePack after type id {typeId}: {unreadable.Message}";
            return false;
        }
    }
}

using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Argument validation for the socket, in one place, with Node's codes and messages (Node's <c>validatePort</c>,
/// <c>sliceBuffer</c>, <c>bufferSize</c> checks).
/// </summary>
internal static class Arguments
{
    /// <summary>The address family of a socket type, or <c>ERR_SOCKET_BAD_TYPE</c>.</summary>
    public static AddressFamily FamilyOf(string? type) => type switch
    {
        "udp4" => AddressFamily.InterNetwork,
        "udp6" => AddressFamily.InterNetworkV6,
        _ => throw DgramErrors.BadType(),
    };

    /// <summary>Bind accepts 0..65535; send and connect 1..65535. Otherwise <c>ERR_SOCKET_BAD_PORT</c>.</summary>
    public static int ValidatePort(int? port, bool allowZero) =>
        IsValidPort(port, allowZero) ? port.GetValueOrDefault() : throw DgramErrors.BadPort(port, allowZero);

    /// <summary>The test <see cref="ValidatePort"/> makes, for a caller that must not throw yet.</summary>
    public static bool IsValidPort(int? port, bool allowZero) =>
        port is int value && value >= (allowZero ? 0 : 1) && value <= 65535;

    /// <summary>A buffer size must not be negative (<c>ERR_SOCKET_BAD_BUFFER_SIZE</c>).</summary>
    public static void ValidateBufferSize(int? size)
    {
        if (size < 0)
        {
            throw DgramErrors.BadBufferSize();
        }
    }

    /// <summary>
    /// Node's <c>sliceBuffer</c>: the offset may equal the length of the message and the length may be 0, but
    /// neither may reach past its end (<c>ERR_BUFFER_OUT_OF_BOUNDS</c> naming "offset" or "length"). Offset and
    /// length come together or not at all.
    /// </summary>
    public static (int Start, int Count) Slice(int messageLength, int? offset, int? length)
    {
        if (offset is null && length is null)
        {
            return (0, messageLength);
        }
        if (length is null)
        {
            throw DgramErrors.OffsetWithoutLength("offset", "length");
        }
        if (offset is null)
        {
            throw DgramErrors.OffsetWithoutLength("length", "offset");
        }
        // Node coerces with `>>> 0`, so a negative value is a huge one: out of bounds.
        if (offset.Value < 0 || offset.Value > messageLength)
        {
            throw DgramErrors.BufferOutOfBounds("offset");
        }
        if (length.Value < 0 || (long)offset.Value + length.Value > messageLength)
        {
            throw DgramErrors.BufferOutOfBounds("length");
        }
        return (offset.Value, length.Value);
    }

    /// <summary>A required string argument (<c>ERR_MISSING_ARGS</c>).</summary>
    public static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw DgramErrors.MissingArgument(name) : value;
}

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    // HMAC-SHA256 keys shorter than this are guessable; RFC 2104 asks for at least the hash's output length, 16 is the floor.
    private const int MinAuthenticationKeyLength = 16;

    /// <summary>The key of <see cref="SocketOptions.AuthenticationKey"/>; empty when none was given.</summary>
    internal ReadOnlyMemory<byte> AuthenticationKey => _options.AuthenticationKey;

    private static void ValidateAuthenticationKey(ReadOnlyMemory<byte> key)
    {
        if (!key.IsEmpty && key.Length < MinAuthenticationKeyLength)
        {
            throw new ArgumentException("AuthenticationKey must be empty or at least 16 bytes.", "options");
        }
    }
}

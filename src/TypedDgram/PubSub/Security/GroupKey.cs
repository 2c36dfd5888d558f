using System.Globalization;
using System.Security.Cryptography;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A secret shared by the buses of a group (out of band), with the id that names it on the wire so that keys can be
/// rotated without a flag day (<see cref="MulticastOptions.Key"/>, <see cref="MulticastOptions.AcceptedKeys"/>;
/// docs/wire-format.md, section 7, "Authenticated publications").
/// </summary>
public sealed class GroupKey
{
    /// <summary>The shortest secret accepted: 16 bytes (128 bits), as for authenticated contracts.</summary>
    public const int MinSecretLength = 16;

    private readonly byte[] _secret;

    /// <summary>
    /// A key named <paramref name="id"/> (0–255) holding a copy of <paramref name="secret"/> (at least 16 bytes; 32 random
    /// bytes are the usual choice). Throws <c>ERR_OUT_OF_RANGE</c> for the id and <c>ERR_INVALID_ARG_VALUE</c> for a
    /// secret too short.
    /// </summary>
    /// <param name="id">The key's id, written in every publication made with it: a number the group agrees on, 0–255.</param>
    /// <param name="secret">The secret bytes; copied.</param>
    public GroupKey(int id, ReadOnlySpan<byte> secret)
    {
        if (id is < 0 or > byte.MaxValue)
        {
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"id\" is out of range. It must be >= 0 and <= 255. Received {id}."));
        }

        if (secret.Length < MinSecretLength)
        {
            throw new DgramException(
                DgramErrorCode.InvalidArgValue,
                string.Create(CultureInfo.InvariantCulture, $"The argument 'secret' must be at least {MinSecretLength} bytes (a shorter one can be guessed). Received {secret.Length} bytes; use GroupKey.Generate or 32 bytes from a cryptographic random generator."));
        }

        Id = id;
        _secret = secret.ToArray();
    }

    /// <summary>The key's id, 0–255.</summary>
    public int Id { get; }

    /// <summary>The secret, for the key derivations of <see cref="BusKeyRing"/>.</summary>
    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>A new key named <paramref name="id"/> with 32 bytes from a cryptographic random generator.</summary>
    /// <param name="id">The key's id, 0–255.</param>
    public static GroupKey Generate(int id) => new(id, RandomNumberGenerator.GetBytes(32));

    /// <summary>The key's id only: the secret is never printed.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"GroupKey {Id}");
}

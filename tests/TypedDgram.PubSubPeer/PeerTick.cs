using TypedDgram.Contracts;

namespace TypedDgram.PubSubPeer;

/// <summary>What the peer publishes: its own count, so a subscriber can tell which publication it got.</summary>
[Datagram(Id = 0x7E57_0100)]
public partial record PeerTick(long Count, string Text)
{
    /// <summary>The text of a small tick.</summary>
    public const string Small = "tick";

    /// <summary>
    /// The text of a large tick numbered <paramref name="count"/>, <paramref name="length"/> characters (larger than a
    /// datagram: it goes in fragments): different for every count and position, so a subscriber can check it arrived intact.
    /// </summary>
    public static string Large(long count, int length) =>
        string.Create(length, count, static (chars, count) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + (int)(((i * 31L) + (i >> 10) + count) % 26));
            }
        });

    /// <summary>Whether the text is what the publisher sent with this count: the small text, or the large one of its length.</summary>
    public bool IsIntact => Text == Small || Text == Large(Count, Text.Length);
}

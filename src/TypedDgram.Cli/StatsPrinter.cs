using System.Text;
using System.Text.Json;
using TypedDgram.PubSub;

namespace TypedDgram.Cli;

/// <summary>
/// One JSON line per report of <c>tdg stats</c>: <c>{"elapsed", "final", "received", "lost", "duplicated", "reordered",
/// "stale", "malformed", "unhandled", "dropped", "fragments": {"reassembled", "abandoned", "duplicated", "tooLarge",
/// "inconsistent", "outOfRange", "overlapping", "noRoom", "pending", "pendingBytes"}, "publishers": [{"publisher",
/// "highest", "received", "lost", "duplicated", "reordered", "stale"}]}</c>, the names of <see cref="BusStats"/>,
/// <see cref="FragmentStats"/> and <see cref="PublisherStats"/>.
/// </summary>
internal static class StatsPrinter
{
    public static string Format(BusStats stats, TimeSpan elapsed, bool final)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("elapsed", Math.Round(elapsed.TotalSeconds, 3));
            writer.WriteBoolean("final", final);
            writer.WriteNumber("received", stats.Received);
            writer.WriteNumber("lost", stats.Lost);
            writer.WriteNumber("duplicated", stats.Duplicated);
            writer.WriteNumber("reordered", stats.Reordered);
            writer.WriteNumber("stale", stats.Stale);
            writer.WriteNumber("malformed", stats.Malformed);
            writer.WriteNumber("unhandled", stats.Unhandled);
            writer.WriteNumber("dropped", stats.Dropped);
            WriteFragments(writer, stats.Fragments);
            writer.WriteStartArray("publishers");
            foreach (var publisher in stats.Publishers)
            {
                writer.WriteStartObject();

                // As a string: a JSON reader in JavaScript would round a 64-bit number.
                writer.WriteString("publisher", publisher.PublisherIdHex);
                writer.WriteNumber("highest", publisher.HighestSequence);
                writer.WriteNumber("received", publisher.Received);
                writer.WriteNumber("lost", publisher.Lost);
                writer.WriteNumber("duplicated", publisher.Duplicated);
                writer.WriteNumber("reordered", publisher.Reordered);
                writer.WriteNumber("stale", publisher.Stale);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFragments(Utf8JsonWriter writer, FragmentStats fragments)
    {
        writer.WriteStartObject("fragments");
        writer.WriteNumber("reassembled", fragments.Reassembled);
        writer.WriteNumber("abandoned", fragments.Abandoned);
        writer.WriteNumber("duplicated", fragments.Duplicated);
        writer.WriteNumber("tooLarge", fragments.TooLarge);
        writer.WriteNumber("inconsistent", fragments.Inconsistent);
        writer.WriteNumber("outOfRange", fragments.OutOfRange);
        writer.WriteNumber("overlapping", fragments.Overlapping);
        writer.WriteNumber("noRoom", fragments.NoRoom);
        writer.WriteNumber("pending", fragments.Pending);
        writer.WriteNumber("pendingBytes", fragments.PendingBytes);
        writer.WriteEndObject();
    }
}

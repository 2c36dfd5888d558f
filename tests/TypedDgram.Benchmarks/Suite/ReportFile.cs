namespace TypedDgram.Benchmarks.Suite;

/// <summary>
/// docs/benchmarks.md is shared: this suite owns only the block between its markers, so other sections (the analyzer
/// cost, written by another benchmark) survive a run. A file without the markers gets the block appended.
/// </summary>
public static class ReportFile
{
    public const string Begin = "<!-- runtime-benchmarks:begin -->";
    public const string End = "<!-- runtime-benchmarks:end -->";

    public static void Write(string path, string block)
    {
        var section = Begin + "\n" + block.TrimEnd() + "\n" + End;
        string text;
        if (!File.Exists(path))
        {
            text = "# Benchmarks\n\n" + section + "\n";
        }
        else
        {
            var existing = File.ReadAllText(path).ReplaceLineEndings("\n");
            var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
            var end = existing.IndexOf(End, StringComparison.Ordinal);
            text = begin >= 0 && end > begin
                ? existing[..begin] + section + existing[(end + End.Length)..]
                : existing.TrimEnd() + "\n\n" + section + "\n";
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }
}

using System.Globalization;

namespace TypedDgram.PubSubPeer;

/// <summary>The peer's <c>key=value</c> arguments after the mode.</summary>
internal sealed class PeerArgs(IEnumerable<string> args)
{
    private readonly Dictionary<string, string> _values = args
        .Select(arg => arg.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "true");

    public string Text(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new ArgumentException($"missing argument {key}=...");

    public string? OptionalText(string key) => _values.GetValueOrDefault(key);

    public int Number(string key, int fallback) =>
        _values.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string key, bool fallback) =>
        _values.TryGetValue(key, out var value) ? bool.Parse(value) : fallback;
}

namespace TypedDgram.Tests.Sockets;

/// <summary>Random groups in 239.255.0.0/16 (organisation-local), so concurrent tests never hear each other.</summary>
internal static class MulticastGroups
{
    public static string NextIPv4() => $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    public static string NextIPv6(string prefix) => $"{prefix}::{Random.Shared.Next(0x1000, 0xffff):x}:{Random.Shared.Next(0x1000, 0xffff):x}";
}

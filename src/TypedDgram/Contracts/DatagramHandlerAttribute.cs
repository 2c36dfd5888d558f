namespace TypedDgram.Contracts;

/// <summary>
/// Marks a method of a <c>partial</c> class as the handler of one contract: <c>void On(Ping ping, RemoteInfo from)</c>
/// or <c>ValueTask On(Ping ping, RemoteInfo from)</c>. The generator routes every datagram of that contract to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DatagramHandlerAttribute : Attribute
{
}

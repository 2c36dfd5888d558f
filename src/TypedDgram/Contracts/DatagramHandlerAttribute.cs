namespace TypedDgram.Contracts;

/// <summary>
/// Marks a method of a <c>partial</c> class as the handler of one contract: <c>void On(Ping ping, RemoteInfo from)</c>
/// or <c>ValueTask On(Ping ping, RemoteInfo from)</c>. The generator routes every datagram of that contract to it.
/// A class derived from a handler class handles the base class's contracts too; its own handler for a contract replaces
/// the inherited one, and an override of a virtual handler runs instead of it (the attribute need not be repeated).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DatagramHandlerAttribute : Attribute
{
}

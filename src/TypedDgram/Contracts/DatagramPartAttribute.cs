namespace TypedDgram.Contracts;

/// <summary>
/// Marks a <c>partial record</c> that is used only inside contracts: it is written as a MessagePack array of its
/// members, has no type id, and cannot be sent on its own.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class DatagramPartAttribute : Attribute
{
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>
    /// The constant type ("udp4" or "udp6") of the socket a call is made on, when the source fixes it:
    /// <c>Dgram.CreateSocket("udp4")</c> or <c>CreateSocket(new SocketOptions { Type = "udp6" })</c>, directly, through
    /// calls that return the socket itself, or through a local that holds nothing else.
    /// </summary>
    internal static class SocketTypeResolver
    {
        public static string? TryGetType(IOperation? receiver, DgramSymbols symbols) => TryGetType(receiver, symbols, out _);

        /// <summary>The socket's constant type, and whether its <c>SocketOptions</c> set <c>Ipv6Only = true</c> (no dual stack).</summary>
        public static string? TryGetType(IOperation? receiver, DgramSymbols symbols, out bool ipv6Only)
        {
            ipv6Only = false;
            for (var depth = 0; receiver is not null && depth < 8; depth++)
            {
                receiver = ArgumentValues.StripConversions(receiver);
                switch (receiver)
                {
                    case IInvocationOperation invocation when symbols.IsCreateSocket(invocation.TargetMethod):
                        return FromCreateSocket(invocation, out ipv6Only);
                    case IInvocationOperation invocation when symbols.ReturnsSameSocket(invocation.TargetMethod):
                        receiver = invocation.Instance;
                        break;
                    case ILocalReferenceOperation local:
                        receiver = LocalValues.TryGetOnlyValue(local.Local, local, static initializer => initializer is InvocationExpressionSyntax);
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        private static string? FromCreateSocket(IInvocationOperation createSocket, out bool ipv6Only)
        {
            ipv6Only = false;
            if (ArgumentValues.TryGetString(ArgumentValues.Find(createSocket, "type")?.Value, out var type))
            {
                return Known(type);
            }

            if (ArgumentValues.Find(createSocket, "options")?.Value is { } options
                && ArgumentValues.StripConversions(options) is IObjectCreationOperation creation
                && ArgumentValues.TryGetString(Initializers.ValueOf(creation, "Type"), out var optionsType))
            {
                ipv6Only = Initializers.ValueOf(creation, "Ipv6Only") is { ConstantValue: { HasValue: true, Value: true } };
                return Known(optionsType);
            }

            return null;
        }

        private static string? Known(string type) => type is "udp4" or "udp6" ? type : null;
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>
    /// The TypedDgram socket types of one compilation, looked up once per compilation. Analyzers register nothing
    /// when the compilation does not reference TypedDgram, so unrelated projects pay nothing.
    /// </summary>
    internal sealed class DgramSymbols
    {
        private DgramSymbols(INamedTypeSymbol socket, INamedTypeSymbol? dgram, INamedTypeSymbol? bindOptions, INamedTypeSymbol? socketOptions, INamedTypeSymbol? messaging, INamedTypeSymbol? multicastOptions, INamedTypeSymbol? endpointOptions)
        {
            Socket = socket;
            Dgram = dgram;
            BindOptions = bindOptions;
            SocketOptions = socketOptions;
            Messaging = messaging;
            MulticastOptions = multicastOptions;
            EndpointOptions = endpointOptions;
        }

        /// <summary><c>TypedDgram.PubSub.MulticastOptions</c>.</summary>
        public INamedTypeSymbol? MulticastOptions { get; }

        /// <summary><c>TypedDgram.Hosting.DatagramEndpointOptions</c>, when the compilation references TypedDgram.Hosting.</summary>
        public INamedTypeSymbol? EndpointOptions { get; }

        /// <summary>Which options type a type is (the ones whose constant initializers the rules check), or null.</summary>
        public OptionsType? OptionsKind(ITypeSymbol? type)
        {
            if (type is null)
            {
                return null;
            }

            var comparer = SymbolEqualityComparer.Default;
            return comparer.Equals(type, BindOptions) ? OptionsType.Bind
                : comparer.Equals(type, SocketOptions) ? OptionsType.Socket
                : comparer.Equals(type, MulticastOptions) ? OptionsType.Multicast
                : comparer.Equals(type, EndpointOptions) ? OptionsType.Endpoint
                : null;
        }

        /// <summary><c>TypedDgram.Sockets.DgramSocket</c>.</summary>
        public INamedTypeSymbol Socket { get; }

        /// <summary><c>TypedDgram.Sockets.Dgram</c> (CreateSocket).</summary>
        public INamedTypeSymbol? Dgram { get; }

        /// <summary><c>TypedDgram.Sockets.BindOptions</c>.</summary>
        public INamedTypeSymbol? BindOptions { get; }

        /// <summary><c>TypedDgram.Sockets.SocketOptions</c>.</summary>
        public INamedTypeSymbol? SocketOptions { get; }

        /// <summary><c>TypedDgram.Messaging.DgramSocketMessaging</c>: the typed <c>Send</c>/<c>SendAsync</c> extensions.</summary>
        public INamedTypeSymbol? Messaging { get; }

        public static DgramSymbols? TryCreate(Compilation compilation)
        {
            var socket = compilation.GetTypeByMetadataName("TypedDgram.Sockets.DgramSocket");
            if (socket is null)
            {
                return null;
            }

            return new DgramSymbols(
                socket,
                compilation.GetTypeByMetadataName("TypedDgram.Sockets.Dgram"),
                compilation.GetTypeByMetadataName("TypedDgram.Sockets.BindOptions"),
                compilation.GetTypeByMetadataName("TypedDgram.Sockets.SocketOptions"),
                compilation.GetTypeByMetadataName("TypedDgram.Messaging.DgramSocketMessaging"),
                compilation.GetTypeByMetadataName("TypedDgram.PubSub.MulticastOptions"),
                compilation.GetTypeByMetadataName("TypedDgram.Hosting.DatagramEndpointOptions"));
        }

        public bool IsSocket(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Socket);

        /// <summary>The <see cref="SocketMethodKind"/> of a DgramSocket instance method, or null for any other method.</summary>
        public SocketMethodKind? Classify(IMethodSymbol method)
            => IsSocket(method.ContainingType) && !method.IsStatic ? SocketMethods.Classify(method.Name) : null;

        /// <summary>
        /// The kind of a call on a socket and the expression of the socket it is made on: a DgramSocket method, or a
        /// typed <c>Send</c>/<c>SendAsync</c> of TypedDgram.Messaging (an extension whose parameters have the raw
        /// send's names and errors). Null for any other call.
        /// </summary>
        public SocketMethodKind? Classify(IInvocationOperation invocation, out IOperation? receiver)
        {
            var method = invocation.TargetMethod;
            if (invocation.Instance is not null)
            {
                receiver = invocation.Instance;
                if (IsDisposeThroughInterface(invocation))
                {
                    // the Dispose of a using declaration or statement, called through IDisposable or IAsyncDisposable
                    receiver = ((IConversionOperation)invocation.Instance).Operand;
                    return SocketMethodKind.Close;
                }

                return Classify(method);
            }

            if (method.IsExtensionMethod
                && method.Name is "Send" or "SendAsync"
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, Messaging)
                && IsSocket(method.Parameters[0].Type))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                    {
                        receiver = argument.Value;
                        return SocketMethodKind.Send;
                    }
                }
            }

            receiver = null;
            return null;
        }

        private bool IsDisposeThroughInterface(IInvocationOperation invocation)
            => invocation.TargetMethod is { Name: "Dispose" or "DisposeAsync", Parameters.Length: 0, ContainingType: { TypeKind: TypeKind.Interface, Name: "IDisposable" or "IAsyncDisposable", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
                && invocation.Instance is IConversionOperation { IsImplicit: true } conversion
                && IsSocket(conversion.Operand.Type);

        /// <summary>True for the socket argument of a typed send (the extension's <c>this</c>), which is not an escape.</summary>
        public bool IsTypedSendReceiver(IArgumentOperation argument)
            => argument.Parameter?.Ordinal == 0
                && argument.Parent is IInvocationOperation invocation
                && invocation.Instance is null
                && Classify(invocation, out _) == SocketMethodKind.Send;

        /// <summary>True for <c>Dgram.CreateSocket(...)</c>.</summary>
        public bool IsCreateSocket(IMethodSymbol method)
            => method.Name == "CreateSocket" && SymbolEqualityComparer.Default.Equals(method.ContainingType, Dgram);

        /// <summary>True for the socket methods that return the socket itself (Bind, Ref, Unref, Close), so calls chain.</summary>
        public bool ReturnsSameSocket(IMethodSymbol method)
            => IsSocket(method.ReturnType) && IsSocket(method.ContainingType) && !method.IsStatic;
    }
}

using Microsoft.CodeAnalysis;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// The TypedDgram socket types of one compilation, looked up once per compilation. Analyzers register nothing
    /// when the compilation does not reference TypedDgram, so unrelated projects pay nothing.
    /// </summary>
    internal sealed class DgramSymbols
    {
        private DgramSymbols(INamedTypeSymbol socket, INamedTypeSymbol? dgram, INamedTypeSymbol? bindOptions, INamedTypeSymbol? socketOptions)
        {
            Socket = socket;
            Dgram = dgram;
            BindOptions = bindOptions;
            SocketOptions = socketOptions;
        }

        /// <summary><c>TypedDgram.Sockets.DgramSocket</c>.</summary>
        public INamedTypeSymbol Socket { get; }

        /// <summary><c>TypedDgram.Sockets.Dgram</c> (CreateSocket).</summary>
        public INamedTypeSymbol? Dgram { get; }

        /// <summary><c>TypedDgram.Sockets.BindOptions</c>.</summary>
        public INamedTypeSymbol? BindOptions { get; }

        /// <summary><c>TypedDgram.Sockets.SocketOptions</c>.</summary>
        public INamedTypeSymbol? SocketOptions { get; }

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
                compilation.GetTypeByMetadataName("TypedDgram.Sockets.SocketOptions"));
        }

        public bool IsSocket(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Socket);

        /// <summary>The <see cref="SocketMethodKind"/> of a DgramSocket instance method, or null for any other method.</summary>
        public SocketMethodKind? Classify(IMethodSymbol method)
            => IsSocket(method.ContainingType) && !method.IsStatic ? SocketMethods.Classify(method.Name) : null;

        /// <summary>True for <c>Dgram.CreateSocket(...)</c>.</summary>
        public bool IsCreateSocket(IMethodSymbol method)
            => method.Name == "CreateSocket" && SymbolEqualityComparer.Default.Equals(method.ContainingType, Dgram);

        /// <summary>True for the socket methods that return the socket itself (Bind, Ref, Unref, Close), so calls chain.</summary>
        public bool ReturnsSameSocket(IMethodSymbol method)
            => IsSocket(method.ReturnType) && IsSocket(method.ContainingType) && !method.IsStatic;
    }
}

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>What a DgramSocket method does to the socket's bind and connect state, as Node's dgram defines it.</summary>
    internal enum SocketMethodKind
    {
        /// <summary>Bind, BindAsync: starts binding.</summary>
        Bind,

        /// <summary>Send, SendAsync: binds implicitly when unbound.</summary>
        Send,

        /// <summary>Connect, ConnectAsync: connects (and binds implicitly).</summary>
        Connect,

        /// <summary>Disconnect: needs a connected socket, leaves it disconnected.</summary>
        Disconnect,

        /// <summary>RemoteAddress: needs a connected socket.</summary>
        RemoteAddress,

        /// <summary>Close, Dispose, DisposeAsync: ends the socket.</summary>
        Close,

        /// <summary>Options and queries that throw on an unbound socket (EBADF or ERR_SOCKET_BUFFER_SIZE).</summary>
        NeedsBound,

        /// <summary>AddMembership, AddSourceSpecificMembership: bind implicitly when unbound.</summary>
        ImplicitBind,

        /// <summary>Methods that change neither state (DropMembership, Ref, Unref, queue sizes).</summary>
        Neutral,

        /// <summary>A method this analyzer does not know: assume it may change anything.</summary>
        Unknown,
    }

    /// <summary>The classification of DgramSocket methods by name; one table so every rule agrees.</summary>
    internal static class SocketMethods
    {
        public static SocketMethodKind Classify(string name)
        {
            switch (name)
            {
                case "Bind":
                case "BindAsync":
                    return SocketMethodKind.Bind;
                case "Send":
                case "SendAsync":
                    return SocketMethodKind.Send;
                case "Connect":
                case "ConnectAsync":
                    return SocketMethodKind.Connect;
                case "Disconnect":
                    return SocketMethodKind.Disconnect;
                case "RemoteAddress":
                    return SocketMethodKind.RemoteAddress;
                case "Close":
                case "Dispose":
                case "DisposeAsync":
                    return SocketMethodKind.Close;
                case "Address":
                case "SetBroadcast":
                case "SetTTL":
                case "SetMulticastTTL":
                case "SetMulticastLoopback":
                case "SetMulticastInterface":
                case "SetRecvBufferSize":
                case "GetRecvBufferSize":
                case "SetSendBufferSize":
                case "GetSendBufferSize":
                    return SocketMethodKind.NeedsBound;
                case "AddMembership":
                case "AddSourceSpecificMembership":
                    return SocketMethodKind.ImplicitBind;
                case "DropMembership":
                case "DropSourceSpecificMembership":
                case "Ref":
                case "Unref":
                case "GetSendQueueSize":
                case "GetSendQueueCount":
                    return SocketMethodKind.Neutral;
                default:
                    return SocketMethodKind.Unknown;
            }
        }

        /// <summary>The error Node raises when a <see cref="SocketMethodKind.NeedsBound"/> method runs on an unbound socket.</summary>
        public static string UnboundErrorCode(string name)
            => name.EndsWith("BufferSize", System.StringComparison.Ordinal) ? "ERR_SOCKET_BUFFER_SIZE" : "EBADF";
    }
}

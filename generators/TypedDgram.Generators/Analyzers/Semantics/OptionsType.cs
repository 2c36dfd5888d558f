namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>The options types whose object initializers the constant rules read.</summary>
    internal enum OptionsType
    {
        /// <summary><c>BindOptions</c>: Port (0..65535), Address (a host).</summary>
        Bind,

        /// <summary><c>SocketOptions</c>: Type, which fixes the family the address rules check against.</summary>
        Socket,

        /// <summary><c>MulticastOptions</c>: Group, Port, Interface, Source, Ttl.</summary>
        Multicast,

        /// <summary><c>DatagramEndpointOptions</c> (hosting configuration): Type, Port, Address, MulticastGroup, MulticastInterface.</summary>
        Endpoint,
    }
}

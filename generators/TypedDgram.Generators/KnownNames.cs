namespace TypedDgram.Generators
{
    /// <summary>Metadata names of the runtime types the generator and the analyzer look for.</summary>
    internal static class KnownNames
    {
        public const string DatagramAttribute = "TypedDgram.Contracts.DatagramAttribute";
        public const string DatagramPartAttribute = "TypedDgram.Contracts.DatagramPartAttribute";
        public const string DatagramHandlerAttribute = "TypedDgram.Contracts.DatagramHandlerAttribute";
        public const string RemoteInfo = "TypedDgram.Sockets.RemoteInfo";
        public const string RequestInterface = "TypedDgram.Contracts.IRequest<TResponse>";
        public const string IdArgument = "Id";
        public const string AuthenticatedArgument = "Authenticated";

        public const int MinExplicitId = 1;
        public const int MaxExplicitId = 0x7FFF_FEFF;
    }
}

namespace TypedDgram.PubSub;

/// <summary>A publication put back together from its fragments: who published it, its number, its whole contract datagram.</summary>
internal readonly record struct ReassembledPublication(ulong PublisherId, ulong Publication, byte[] ContractDatagram);

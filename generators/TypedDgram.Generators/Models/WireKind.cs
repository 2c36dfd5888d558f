namespace TypedDgram.Generators.Models
{
    /// <summary>How a member type is written on the wire; one case per supported type family.</summary>
    internal enum WireKind
    {
        Boolean,
        Byte,
        SByte,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
        IntPtr,
        UIntPtr,
        Char,
        Single,
        Double,
        Decimal,
        String,
        Bytes,
        Memory,
        Guid,
        DateTime,
        DateTimeOffset,
        TimeSpan,
        Enum,
        Nullable,
        Array,
        List,
        ReadOnlyList,
        ImmutableArray,
        Dictionary,
        ReadOnlyDictionary,
        Part,
    }
}

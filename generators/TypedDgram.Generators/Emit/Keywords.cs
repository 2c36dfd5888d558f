using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Emit
{
    /// <summary>C# keywords and reader method names of the scalar kinds.</summary>
    internal static class Keywords
    {
        public static string Of(WireKind kind)
        {
            switch (kind)
            {
                case WireKind.Boolean: return "bool";
                case WireKind.Byte: return "byte";
                case WireKind.SByte: return "sbyte";
                case WireKind.Int16: return "short";
                case WireKind.UInt16: return "ushort";
                case WireKind.Int32: return "int";
                case WireKind.UInt32: return "uint";
                case WireKind.Int64: return "long";
                case WireKind.UInt64: return "ulong";
                case WireKind.IntPtr: return "nint";
                case WireKind.UIntPtr: return "nuint";
                case WireKind.Char: return "char";
                default: return kind.ToString();
            }
        }

        /// <summary>The <c>DatagramReading.TryRead*</c> method for a scalar kind.</summary>
        public static string ReadMethod(WireKind kind)
        {
            switch (kind)
            {
                case WireKind.Bytes: return "TryReadBytes";
                default: return "TryRead" + kind;
            }
        }
    }
}

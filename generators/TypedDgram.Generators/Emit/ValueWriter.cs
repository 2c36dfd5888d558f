using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Emit
{
    /// <summary>Emits the statements that write one value of a <see cref="WireTypeInfo"/> with <c>writer</c>.</summary>
    internal sealed class ValueWriter
    {
        private const string Writing = "global::TypedDgram.Contracts.Generated.DatagramWriting";
        private readonly SourceWriter _writer;
        private int _next;

        public ValueWriter(SourceWriter writer)
        {
            _writer = writer;
        }

        public void Write(WireTypeInfo type, string expression)
        {
            switch (type.Kind)
            {
                case WireKind.IntPtr:
                    _writer.Line("writer.Write((long)" + expression + ");");
                    break;
                case WireKind.UIntPtr:
                    _writer.Line("writer.Write((ulong)" + expression + ");");
                    break;
                case WireKind.Decimal:
                case WireKind.Guid:
                case WireKind.DateTime:
                case WireKind.DateTimeOffset:
                case WireKind.TimeSpan:
                case WireKind.Memory:
                    _writer.Line(Writing + ".Write(ref writer, " + expression + ");");
                    break;
                case WireKind.Enum:
                    _writer.Line("writer.Write((" + Keywords.Of(type.EnumUnderlying) + ")" + expression + ");");
                    break;
                case WireKind.Part:
                    _writer.Line(Writing + ".WritePart<" + Names.NonNullable(type.TypeName) + ">(ref writer, " + expression + ");");
                    break;
                case WireKind.Nullable:
                    WriteNullable(type, expression);
                    break;
                case WireKind.Array:
                case WireKind.List:
                case WireKind.ReadOnlyList:
                case WireKind.ImmutableArray:
                    WriteSequence(type, expression);
                    break;
                case WireKind.Dictionary:
                case WireKind.ReadOnlyDictionary:
                    WriteMap(type, expression);
                    break;
                default:
                    // Booleans, integers, char, float, double, string and byte[]: MessagePackWriter's own overloads (nil for null).
                    _writer.Line("writer.Write(" + expression + ");");
                    break;
            }
        }

        private void WriteNullable(WireTypeInfo type, string expression)
        {
            var value = "value" + Next();
            _writer.Line("if (" + expression + " is { } " + value + ")");
            _writer.Open();
            Write(type.Element!, value);
            _writer.Close();
            WriteNilOtherwise();
        }

        private void WriteSequence(WireTypeInfo type, string expression)
        {
            var n = Next();
            var list = "list" + n;
            var item = "item" + n;
            var pattern = type.Kind == WireKind.ImmutableArray ? "{ IsDefault: false }" : "{ }";
            _writer.Line("if (" + expression + " is " + pattern + " " + list + ")");
            _writer.Open();
            var length = type.Kind is WireKind.Array or WireKind.ImmutableArray ? ".Length" : ".Count";
            _writer.Line("writer.WriteArrayHeader(" + list + length + ");");
            if (type.Kind == WireKind.ReadOnlyList)
            {
                // Indexing, not foreach: enumerating through the interface would allocate an enumerator per send.
                var i = "i" + n;
                _writer.Line("for (var " + i + " = 0; " + i + " < " + list + ".Count; " + i + "++)");
                _writer.Open();
                Write(type.Element!, list + "[" + i + "]");
                _writer.Close();
            }
            else
            {
                _writer.Line("foreach (var " + item + " in " + list + ")");
                _writer.Open();
                Write(type.Element!, item);
                _writer.Close();
            }

            _writer.Close();
            WriteNilOtherwise();
        }

        private void WriteMap(WireTypeInfo type, string expression)
        {
            var n = Next();
            var map = "map" + n;
            var entry = "entry" + n;
            _writer.Line("if (" + expression + " is { } " + map + ")");
            _writer.Open();
            _writer.Line("writer.WriteMapHeader(" + map + ".Count);");
            _writer.Line("foreach (var " + entry + " in " + map + ")");
            _writer.Open();
            Write(type.Key!, entry + ".Key");
            Write(type.Element!, entry + ".Value");
            _writer.Close();
            _writer.Close();
            WriteNilOtherwise();
        }

        private void WriteNilOtherwise()
        {
            _writer.Line("else");
            _writer.Open();
            _writer.Line("writer.WriteNil();");
            _writer.Close();
        }

        private string Next() => (++_next).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

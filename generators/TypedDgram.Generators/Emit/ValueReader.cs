using System.Globalization;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Emit
{
    /// <summary>
    /// Emits the statements that read one value of a <see cref="WireTypeInfo"/> into a declared variable, returning false
    /// from the generated method when the context reports malformed input.
    /// </summary>
    internal sealed class ValueReader
    {
        private const string Reading = "global::TypedDgram.Contracts.Generated.DatagramReading";

        private readonly SourceWriter _writer;
        private int _next;

        public ValueReader(SourceWriter writer)
        {
            _writer = writer;
        }

        /// <summary>A call of the <c>DatagramReading</c> method <paramref name="method"/> on the generated method's <c>context</c>.</summary>
        public static string Call(string method, string arguments)
            => Reading + "." + method + "(ref context" + (arguments.Length == 0 ? string.Empty : ", " + arguments) + ")";

        public void Read(WireTypeInfo type, string target)
        {
            if (!type.IsNullable)
            {
                ReadValue(type, target);
                return;
            }

            _writer.Line("if (" + Call("TryReadNil", "ref reader") + ")");
            _writer.Open();
            _writer.Line(target + " = " + (type.Kind == WireKind.ImmutableArray ? "default" : "null") + ";");
            _writer.Close();
            _writer.Line("else");
            _writer.Open();
            if (type.Kind == WireKind.Nullable)
            {
                var value = "value" + Next();
                _writer.Line(type.Element!.TypeName + " " + value + ";");
                Read(type.Element, value);
                _writer.Line(target + " = " + value + ";");
            }
            else
            {
                ReadValue(type, target);
            }

            _writer.Close();
        }

        private void ReadValue(WireTypeInfo type, string target)
        {
            switch (type.Kind)
            {
                case WireKind.Enum:
                    var raw = "raw" + Next();
                    _writer.ReturnFalseUnless(Call(Keywords.ReadMethod(type.EnumUnderlying), "ref reader, out var " + raw));
                    _writer.Line(target + " = (" + type.TypeName + ")" + raw + ";");
                    break;
                case WireKind.Part:
                    _writer.ReturnFalseUnless(Call("TryReadPart<" + Names.NonNullable(type.TypeName) + ">", "ref reader, out " + target));
                    break;
                case WireKind.Array:
                case WireKind.ReadOnlyList:
                case WireKind.List:
                case WireKind.ImmutableArray:
                    ReadSequence(type, target);
                    break;
                case WireKind.Dictionary:
                case WireKind.ReadOnlyDictionary:
                    ReadMap(type, target);
                    break;
                default:
                    _writer.ReturnFalseUnless(Call(Keywords.ReadMethod(type.Kind), "ref reader, out " + target));
                    break;
            }
        }

        private void ReadSequence(WireTypeInfo type, string target)
        {
            var n = Next();
            var count = "count" + n;
            var i = "i" + n;
            var item = "item" + n;
            var element = type.Element!;
            // The element type lets the reader charge what `new T[count]` takes (a struct part's whole size) before it is allocated.
            _writer.ReturnFalseUnless(Call("TryBeginArray<" + element.TypeName + ">", "ref reader, minElementSize: " + element.MinWireSize.ToString(CultureInfo.InvariantCulture) + ", out var " + count));
            _writer.Line();

            string collection;
            string add;
            string result;
            switch (type.Kind)
            {
                case WireKind.List:
                    collection = "list" + n;
                    _writer.Line("var " + collection + " = new " + Names.NonNullable(type.TypeName) + "(" + count + ");");
                    add = collection + ".Add(" + item + ");";
                    result = collection;
                    break;
                case WireKind.ImmutableArray:
                    collection = "builder" + n;
                    _writer.Line("var " + collection + " = global::System.Collections.Immutable.ImmutableArray.CreateBuilder<" + element.TypeName + ">(" + count + ");");
                    add = collection + ".Add(" + item + ");";
                    result = collection + ".MoveToImmutable()";
                    break;
                default:
                    // Arrays, and IReadOnlyList<T> read as an array.
                    collection = "array" + n;
                    _writer.Line("var " + collection + " = " + Names.NewArray(element.TypeName, count) + ";");
                    add = collection + "[" + i + "] = " + item + ";";
                    result = collection;
                    break;
            }

            _writer.Line("for (var " + i + " = 0; " + i + " < " + count + "; " + i + "++)");
            _writer.Open();
            _writer.Line(element.TypeName + " " + item + ";");
            Read(element, item);
            _writer.Line(add);
            _writer.Close();
            _writer.Line();
            _writer.Line(Call("End", string.Empty) + ";");
            _writer.Line(target + " = " + result + ";");
        }

        private void ReadMap(WireTypeInfo type, string target)
        {
            var n = Next();
            var count = "count" + n;
            var i = "i" + n;
            var map = "map" + n;
            var key = "key" + n;
            var keyOffset = "keyOffset" + n;
            var value = "value" + n;
            var keyType = type.Key!;
            var valueType = type.Element!;
            var minEntrySize = (keyType.MinWireSize + valueType.MinWireSize).ToString(CultureInfo.InvariantCulture);
            _writer.ReturnFalseUnless(Call("TryBeginMap<" + keyType.TypeName + ", " + valueType.TypeName + ">", "ref reader, minEntrySize: " + minEntrySize + ", out var " + count));
            _writer.Line();
            _writer.Line("var " + map + " = new global::System.Collections.Generic.Dictionary<" + keyType.TypeName + ", " + valueType.TypeName + ">(" + count + ");");
            _writer.Line("for (var " + i + " = 0; " + i + " < " + count + "; " + i + "++)");
            _writer.Open();
            _writer.Line("var " + keyOffset + " = reader.Consumed;");
            _writer.Line(keyType.TypeName + " " + key + ";");
            Read(keyType, key);
            _writer.Line(valueType.TypeName + " " + value + ";");
            Read(valueType, value);
            _writer.Line("if (!" + map + ".TryAdd(" + key + ", " + value + "))");
            _writer.Open();
            _writer.Line("return " + Call("FailDuplicateKey", keyOffset) + ";");
            _writer.Close();
            _writer.Close();
            _writer.Line();
            _writer.Line(Call("End", string.Empty) + ";");
            _writer.Line(target + " = " + map + ";");
        }

        private string Next() => (++_next).ToString(CultureInfo.InvariantCulture);
    }
}

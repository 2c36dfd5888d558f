using System.Text;

namespace TypedDgram.Generators.Emit
{
    /// <summary>Builds generated source line by line with four-space indentation and '\n' line ends on every platform.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _builder = new StringBuilder();
        private int _indent;

        public SourceWriter Line(string text = "")
        {
            if (text.Length > 0)
            {
                _builder.Append(' ', _indent * 4);
                _builder.Append(text);
            }

            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes <c>{</c> and indents.</summary>
        public SourceWriter Open()
        {
            Line("{");
            _indent++;
            return this;
        }

        /// <summary>Unindents and writes <c>}</c> (with <paramref name="suffix"/>, e.g. <c>;</c>).</summary>
        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
            return this;
        }

        /// <summary>Writes <c>if (condition) { return false; }</c>, the shape of every failed read.</summary>
        public SourceWriter ReturnFalseUnless(string condition)
        {
            Line("if (!" + condition + ")");
            Open();
            Line("return false;");
            return Close();
        }

        public override string ToString() => _builder.ToString();
    }
}

namespace TypedDgram.Generators.Emit
{
    /// <summary>Small transformations of fully qualified type names.</summary>
    internal static class Names
    {
        /// <summary>The type without its trailing nullable-reference <c>?</c>, for <c>new</c> and type arguments.</summary>
        public static string NonNullable(string typeName) => typeName.EndsWith("?") ? typeName.Substring(0, typeName.Length - 1) : typeName;

        /// <summary>
        /// <c>new E[count]</c> for an element type E, placing the size before any rank specifiers E has itself
        /// (<c>new int[count][]</c> for E = <c>int[]</c>), and dropping nullable annotations C# does not allow there.
        /// </summary>
        public static string NewArray(string elementTypeName, string count)
        {
            var depth = 0;
            for (var i = 0; i < elementTypeName.Length; i++)
            {
                var c = elementTypeName[i];
                if (c == '<')
                {
                    depth++;
                }
                else if (c == '>')
                {
                    depth--;
                }
                else if (c == '[' && depth == 0)
                {
                    var ranks = elementTypeName.Substring(i).Replace("?", string.Empty);
                    return "new " + elementTypeName.Substring(0, i) + "[" + count + "]" + ranks;
                }
            }

            return "new " + elementTypeName + "[" + count + "]";
        }
    }
}

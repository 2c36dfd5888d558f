using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.CodeFixes
{
    /// <summary>Writes <c>Encoding.UTF8.GetByteCount(text)</c>, qualified only as much as the code at that point needs.</summary>
    internal static class EncodingSyntax
    {
        public static ExpressionSyntax ByteCount(ExpressionSyntax text, SemanticModel model, int position)
        {
            var encoding = model.Compilation.GetTypeByMetadataName("System.Text.Encoding");
            var inScope = model.LookupNamespacesAndTypes(position, name: "Encoding")
                .Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, encoding));
            var prefix = inScope ? "Encoding" : "System.Text.Encoding";
            return SyntaxFactory.ParseExpression(prefix + ".UTF8.GetByteCount(" + text.WithoutTrivia() + ")");
        }
    }
}

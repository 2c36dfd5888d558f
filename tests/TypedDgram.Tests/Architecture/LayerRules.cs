using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Tests.Architecture;

/// <summary>A file whose code, in a namespace of one layer, uses a namespace of a higher layer (or has no layer).</summary>
internal sealed record LayerViolation(string File, int Line, string Namespace, string Used, string Why)
{
    public override string ToString() => $"{File}:{Line}: {Namespace} {Why} {Used}";
}

/// <summary>
/// The layers of src/TypedDgram, lowest first, and a syntax-only check that no file uses a namespace of a layer above
/// its own. A namespace belongs to the layer whose namespace is it or a prefix of it (<c>TypedDgram.Contracts.Generated</c>
/// is Contracts). What counts as a use: a <c>using</c> directive of any form (plain, <c>static</c>, alias, <c>global</c>)
/// and a name in code qualified from the root (<c>TypedDgram.PubSub.X</c>, <c>global::TypedDgram.PubSub.X</c>).
/// Comments, XML doc comments and string literals are trivia or tokens, not names, so a
/// <c>&lt;see cref="TypedDgram.PubSub.MulticastBus"/&gt;</c> in a lower layer's docs is allowed: docs may point upwards,
/// code may not. Not seen without semantic analysis: a name qualified relative to the enclosing <c>TypedDgram</c>
/// namespace (<c>PubSub.MulticastBus</c> inside <c>namespace TypedDgram.Sockets</c>).
/// </summary>
internal static class LayerRules
{
    /// <summary>Each layer's namespace, lowest first: a layer may use its own and lower layers only.</summary>
    public static readonly IReadOnlyList<string> Layers =
    [
        "TypedDgram.Diagnostics",
        "TypedDgram.Sockets",
        "TypedDgram.Contracts",
        "TypedDgram.Messaging",
        "TypedDgram.PubSub",
    ];

    private const string Root = "TypedDgram";
    private const string GlobalPrefix = "global::";

    /// <summary>The index in <see cref="Layers"/> of the layer <paramref name="name"/> belongs to, or -1 if none.</summary>
    public static int LayerOf(string name)
    {
        for (var layer = 0; layer < Layers.Count; layer++)
        {
            if (name == Layers[layer] || name.StartsWith(Layers[layer] + ".", StringComparison.Ordinal))
            {
                return layer;
            }
        }

        return -1;
    }

    /// <summary>Every upward use in one file's <paramref name="source"/>, reported under <paramref name="path"/>.</summary>
    public static IReadOnlyList<LayerViolation> Check(string path, string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, path: path).GetCompilationUnitRoot();
        var violations = new List<LayerViolation>();
        // The namespaces that declare something; "namespace TypedDgram { namespace Sockets { ... } }" declares only in Sockets.
        var declaring = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>()
            .Where(declaration => declaration is FileScopedNamespaceDeclarationSyntax
                || declaration.Members.Any(member => member is not BaseNamespaceDeclarationSyntax))
            .ToList();
        foreach (var declaration in declaring.Where(declaration => LayerOf(NamespaceOf(declaration)) < 0))
        {
            var line = declaration.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            violations.Add(new LayerViolation(path, line, NamespaceOf(declaration), string.Join(", ", Layers), "is in no layer; the layers are"));
        }

        if (declaring.Count == 0)
        {
            violations.Add(new LayerViolation(path, 1, "(no namespace)", string.Join(", ", Layers), "is in no layer; the layers are"));
        }

        foreach (var directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
        {
            if (directive.NamespaceOrType is { } used)
            {
                Report(directive, Dotted(used), "has a using of");
            }
        }

        foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>().Where(IsQualifiedRoot))
        {
            var top = QualifiedTop(name);
            if (top.FirstAncestorOrSelf<UsingDirectiveSyntax>() is null && top.Parent is not BaseNamespaceDeclarationSyntax)
            {
                Report(top, Dotted(top), "refers by full name to");
            }
        }

        return violations;

        void Report(SyntaxNode node, string used, string why)
        {
            var usedLayer = LayerOf(used);
            if (usedLayer < 0)
            {
                return;
            }

            // A use applies to the declaring namespaces inside the declaration that holds it: a using outside every
            // namespace declaration to all of the file's.
            var scope = node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>();
            var enclosing = declaring
                .Where(declaration => scope is null || declaration == scope || declaration.Ancestors().Contains(scope))
                .Select(NamespaceOf);
            foreach (var own in enclosing.Where(own => LayerOf(own) >= 0 && usedLayer > LayerOf(own)))
            {
                var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                violations.Add(new LayerViolation(path, line, own, used, why + " higher layer"));
            }
        }
    }

    // The full name of a (possibly nested) namespace declaration.
    private static string NamespaceOf(BaseNamespaceDeclarationSyntax declaration) => string.Join(
        '.',
        declaration.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(outer => Dotted(outer.Name)));

    // "TypedDgram" as the leftmost part of a dotted name in code: TypedDgram.X..., or global::TypedDgram.X...
    private static bool IsQualifiedRoot(IdentifierNameSyntax name)
    {
        if (name.Identifier.ValueText != Root)
        {
            return false;
        }

        SyntaxNode node = name;
        if (node.Parent is AliasQualifiedNameSyntax alias && alias.Name == node && alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword))
        {
            node = alias;
        }

        return node.Parent switch
        {
            QualifiedNameSyntax qualified => qualified.Left == node,
            MemberAccessExpressionSyntax access => access.Expression == node,
            _ => false,
        };
    }

    // The outermost name the chain starting at the root identifier belongs to: TypedDgram.PubSub.MulticastBus.Create.
    private static SyntaxNode QualifiedTop(SyntaxNode node)
    {
        while (node.Parent is AliasQualifiedNameSyntax alias && alias.Name == node
            || node.Parent is QualifiedNameSyntax qualified && qualified.Left == node
            || node.Parent is MemberAccessExpressionSyntax access && access.Expression == node)
        {
            node = node.Parent;
        }

        return node;
    }

    private static string Dotted(SyntaxNode name)
    {
        var text = string.Concat(name.DescendantTokens().Select(token => token.ValueText));
        return text.StartsWith(GlobalPrefix, StringComparison.Ordinal) ? text[GlobalPrefix.Length..] : text;
    }
}

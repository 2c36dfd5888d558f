using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Analyzers.Syntax;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>
/// The syntax-only constant classifier behind the per-call rules' gates: it may call a value unknown when in doubt,
/// never "not constant" when it may be a constant, and computes the constants it can as C# does.
/// </summary>
public sealed class SyntaxConstantTests
{
    // every expression is classified where it stands in this member: as Use's argument
    private const string Context = """
        class Limits { public const int Max = 65535; }
        class Endpoint { public int Port; }
        class C
        {
            const int Port = 1;
            void M(int parameter, Endpoint endpoint)
            {
                var local = 5;
                const int constLocal = 7;
                foreach (var item in new int[0])
                {
                    Use(EXPRESSION);
                }
            }
            static void Use(object value) { }
            static int F() => 0;
        }
        """;

    [Theory]
    [InlineData("5", 5)]
    [InlineData("2 * 200", 400)]
    [InlineData("-1", -1)]
    [InlineData("~0", -1)]
    [InlineData("(70_000)", 70000)]
    [InlineData("1 << 33", 2)]
    [InlineData("'A' + 1", 66)]
    [InlineData("65535 / 2 % 7", 32767 % 7)]
    public void Integer_arithmetic_on_literals_is_computed_as_CSharp_ints(string expression, int expected)
    {
        var constant = Classify(expression);

        Assert.True(constant.TryGetInteger(out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void String_literals_concatenate()
    {
        Assert.True(Classify("\"239.255.\" + \"0.1\"").TryGetString(out var text));
        Assert.Equal("239.255.0.1", text);
    }

    [Theory]
    [InlineData("int.MaxValue + 1")]
    [InlineData("2147483647 + 1")]
    [InlineData("1 / 0")]
    [InlineData("5L")]
    [InlineData("4_000_000_000")]
    [InlineData("(int)3")]
    [InlineData("(int)Port")]
    [InlineData("nameof(local)")]
    [InlineData("Port")]
    [InlineData("constLocal")]
    [InlineData("Limits.Max")]
    [InlineData("C.Port")]
    [InlineData("$\"{local}\"")]
    [InlineData("local > 0 ? 1 : 2")]
    [InlineData("default")]
    [InlineData("default(int)")]
    [InlineData("checked(1 + 1)")]
    [InlineData("sizeof(int)")]
    [InlineData("Port + 1")]
    public void Names_that_may_be_constants_and_what_the_syntax_cannot_compute_are_unknown(string expression)
        => Assert.Equal(SyntaxConstantKind.Unknown, Classify(expression).Kind);

    [Theory]
    [InlineData("parameter")]
    [InlineData("local")]
    [InlineData("item")]
    [InlineData("local + 1")]
    [InlineData("(long)local")]
    [InlineData("F()")]
    [InlineData("new byte[3]")]
    [InlineData("new[] { 1 }")]
    [InlineData("endpoint.Port")]
    [InlineData("this.ToString()")]
    [InlineData("F().ToString()")]
    [InlineData("(new int[1])[0]")]
    [InlineData("(Func<int>)(() => 1)")]
    public void Parameters_locals_calls_and_creations_are_not_constants(string expression)
        => Assert.Equal(SyntaxConstantKind.NotConstant, Classify(expression).Kind);

    [Fact]
    public void A_lambda_parameter_hides_a_constant_of_the_same_name()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                const int Port = 1;
                System.Action<int> Run = Port => Use(Port);
                static void Use(object value) { }
            }
            """);

        Assert.Equal(SyntaxConstantKind.NotConstant, SyntaxConstant.Classify(UseArgument(tree)).Kind);
    }

    [Fact]
    public void A_name_declared_by_a_sibling_method_is_unknown()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                void A() { var port = 1; }
                void B() => Use(port);
                static void Use(object value) { }
            }
            """);

        Assert.Equal(SyntaxConstantKind.Unknown, SyntaxConstant.Classify(UseArgument(tree)).Kind);
    }

    [Fact]
    public void A_local_of_a_switch_section_is_seen_from_another_section()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                void M(int k)
                {
                    switch (k)
                    {
                        case 0:
                            int port = 1;
                            break;
                        default:
                            port = 2;
                            Use(port);
                            break;
                    }
                }
                static void Use(object value) { }
            }
            """);

        Assert.Equal(SyntaxConstantKind.NotConstant, SyntaxConstant.Classify(UseArgument(tree)).Kind);
    }

    [Fact]
    public void A_top_level_local_is_a_variable_and_a_top_level_constant_is_unknown()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            var port = 1;
            const int Fixed = 2;
            Use(port);
            Use(Fixed);
            static void Use(object value) { }
            """);
        var uses = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Select(call => call.ArgumentList.Arguments[0].Expression).ToList();

        Assert.Equal(SyntaxConstantKind.NotConstant, SyntaxConstant.Classify(uses[0]).Kind);
        Assert.Equal(SyntaxConstantKind.Unknown, SyntaxConstant.Classify(uses[1]).Kind);
    }

    private static SyntaxConstant Classify(string expression)
        => SyntaxConstant.Classify(UseArgument(CSharpSyntaxTree.ParseText(Context.Replace("EXPRESSION", expression, StringComparison.Ordinal))));

    private static ExpressionSyntax UseArgument(Microsoft.CodeAnalysis.SyntaxTree tree)
        => tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .First(call => call.Expression is IdentifierNameSyntax { Identifier.ValueText: "Use" })
            .ArgumentList.Arguments[0].Expression;
}

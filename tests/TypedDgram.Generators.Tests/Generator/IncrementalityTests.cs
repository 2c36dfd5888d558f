using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.Generator;

/// <summary>The pipeline caches: an unrelated edit re-runs nothing downstream, and no step holds compiler objects.</summary>
public class IncrementalityTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using TypedDgram.Contracts;

        namespace Demo;

        [DatagramPart] public partial record Point(int X, int Y);
        [Datagram(Id = 1)] public partial record Ping(int Seq, List<Point> Points);
        [Datagram] public partial record Pong(int Seq, string? Note = null);

        public partial class Server
        {
            [DatagramHandler] void On(Ping ping) { }
            [DatagramHandler] ValueTask On(Pong pong) => default;
        }
        """;

    private static readonly string[] AllSteps = [TrackingNames.Contracts, TrackingNames.Parts, TrackingNames.Handlers, TrackingNames.HandlerClasses];

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = TestCompilation.Create(Source);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other { class Unrelated { } }", TestCompilation.ParseOptions));
        AssertCachedAcrossRuns(compilation, edited);
    }

    [Fact]
    public void Editing_a_method_body_in_the_contracts_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = TestCompilation.Create(Source);
        var oldTree = compilation.SyntaxTrees.First();
        var newTree = oldTree.WithChangedText(oldTree.GetText().Replace(oldTree.GetText().ToString().IndexOf("{ }", StringComparison.Ordinal), 3, "{ System.Console.WriteLine(); }"));
        AssertCachedAcrossRuns(compilation, compilation.ReplaceSyntaxTree(oldTree, newTree));
    }

    [Fact]
    public void No_step_output_holds_a_Compilation_symbol_or_syntax_node()
    {
        var driver = TestCompilation.Driver().RunGenerators(TestCompilation.Create(Source));
        foreach (var result in driver.GetRunResult().Results)
        {
            // Roslyn's own steps (result_ForAttributeInternal, ...) hold syntax by design; ours must not.
            foreach (var (name, steps) in result.TrackedSteps.Where(step => AllSteps.Contains(step.Key)))
            {
                foreach (var output in steps.SelectMany(step => step.Outputs))
                {
                    AssertNoCompilerObjects(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    [Fact]
    public void Every_named_step_runs()
    {
        var driver = TestCompilation.Driver().RunGenerators(TestCompilation.Create(Source));
        var names = driver.GetRunResult().Results.SelectMany(r => r.TrackedSteps.Keys).ToHashSet();
        Assert.Superset(AllSteps.ToHashSet(), names);
    }

    private static void AssertCachedAcrossRuns(Compilation first, Compilation second)
    {
        var driver = TestCompilation.Driver().RunGenerators(first);
        driver = driver.RunGenerators(second);
        foreach (var result in driver.GetRunResult().Results)
        {
            foreach (var name in AllSteps.Where(result.TrackedSteps.ContainsKey))
            {
                foreach (var (_, reason) in result.TrackedSteps[name].SelectMany(step => step.Outputs))
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {reason}");
                }
            }

            foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs))
            {
                Assert.Equal(IncrementalStepRunReason.Cached, reason);
            }
        }
    }

    private static void AssertNoCompilerObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel or Location, $"step {step} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, step, seen);
            }
        }

        // Our models, and the tuples and arrays holding them; compiler types are judged by the check above, not walked.
        var type = value.GetType();
        var isOurs = type.Namespace?.StartsWith("TypedDgram.Generators", StringComparison.Ordinal) == true || type.FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true;
        if (!isOurs)
        {
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), step, seen);
        }
    }
}

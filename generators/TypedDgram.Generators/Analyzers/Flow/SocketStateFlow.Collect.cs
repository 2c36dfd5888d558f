using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// First pass: for the member and each lambda and local function in it, where each socket variable is changed
    /// or escapes. The second pass (<see cref="FunctionFlow"/>) uses these counts to decide what unseen code can do.
    /// </summary>
    internal sealed partial class SocketStateFlow
    {
        /// <summary>How often a socket variable is changed or escapes in some code.</summary>
        private struct SiteCounts
        {
            public int ConnChanges;
            public int BindChanges;
            public int Escapes;
            public int Assignments;

            /// <summary>Close, Dispose, DisposeAsync (a using's too): the socket ends, whatever its state.</summary>
            public int Closes;

            public bool ChangesConn => ConnChanges > 0 || Escapes > 0 || Assignments > 0 || Closes > 0;

            public bool ChangesBind => BindChanges > 0 || Escapes > 0 || Assignments > 0 || Closes > 0;

            public SiteCounts Add(SiteCounts other) => new SiteCounts
            {
                ConnChanges = ConnChanges + other.ConnChanges,
                BindChanges = BindChanges + other.BindChanges,
                Escapes = Escapes + other.Escapes,
                Assignments = Assignments + other.Assignments,
                Closes = Closes + other.Closes,
            };

            public SiteCounts Subtract(SiteCounts other) => new SiteCounts
            {
                ConnChanges = ConnChanges - other.ConnChanges,
                BindChanges = BindChanges - other.BindChanges,
                Escapes = Escapes - other.Escapes,
                Assignments = Assignments - other.Assignments,
                Closes = Closes - other.Closes,
            };

            public static SiteCounts ForCall(SocketMethodKind kind) => kind switch
            {
                SocketMethodKind.Connect or SocketMethodKind.Unknown => new SiteCounts { ConnChanges = 1, BindChanges = 1 },
                SocketMethodKind.Close => new SiteCounts { Closes = 1 },
                SocketMethodKind.Disconnect => new SiteCounts { ConnChanges = 1 },
                SocketMethodKind.Bind or SocketMethodKind.Send or SocketMethodKind.ImplicitBind => new SiteCounts { BindChanges = 1 },
                _ => default,
            };
        }

        /// <summary>What one finally region does to the socket variables it mentions.</summary>
        private sealed class FinallyEffect
        {
            public HashSet<ISymbol> Touched { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            public HashSet<ISymbol> Escaped { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            public HashSet<ISymbol> Closed { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        }

        /// <summary>The member body, a lambda or a local function: one control-flow graph.</summary>
        private sealed class Function
        {
            public Function(ControlFlowGraph graph, Function? parent, ISymbol? symbol, bool isLocalFunction)
            {
                Relevant = new List<(IOperation, bool)>[graph.Blocks.Length];
                Graph = graph;
                Parent = parent;
                Symbol = symbol;
                IsLocalFunction = isLocalFunction;
            }

            public ControlFlowGraph Graph { get; }

            public Function? Parent { get; }

            public ISymbol? Symbol { get; }

            public bool IsLocalFunction { get; }

            public List<Function> Children { get; } = new List<Function>();

            /// <summary>Flow captures of this graph and the socket variable each holds (null: not one, or not always the same).</summary>
            public Dictionary<CaptureId, ISymbol?> Captures { get; } = new Dictionary<CaptureId, ISymbol?>();

            public Dictionary<ISymbol, SiteCounts> OwnSites { get; } = new Dictionary<ISymbol, SiteCounts>(SymbolEqualityComparer.Default);

            /// <summary>Sites here and in every lambda and local function nested in this one.</summary>
            public Dictionary<ISymbol, SiteCounts> DeepSites { get; } = new Dictionary<ISymbol, SiteCounts>(SymbolEqualityComparer.Default);

            public HashSet<ISymbol> Referenced { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            /// <summary>The socket variables referenced here and in every lambda and local function nested in this one.</summary>
            public HashSet<ISymbol> DeepReferenced { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            /// <summary>The local functions this function calls by name.</summary>
            public HashSet<IMethodSymbol> LocalFunctionCalls { get; } = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

            /// <summary>
            /// For a lambda or local function: what its enclosing function knows of the variables it captures whenever
            /// it can run (set by the enclosing function's analysis, which runs first). Null: nothing.
            /// </summary>
            public Dictionary<ISymbol, SocketState>? Inherited { get; set; }

            /// <summary>The lambda's operation in its enclosing function (null for the member and local functions).</summary>
            public IFlowAnonymousFunctionOperation? Creation { get; set; }

            public HashSet<IParameterSymbol> AssignedParameters { get; } = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);

            /// <summary>
            /// Per finally region: the sockets it mentions (their state is unknown after it), those that escape in it, and
            /// those it closes (a using's Dispose: closed after it, if it does nothing else with them).
            /// </summary>
            public Dictionary<ControlFlowRegion, FinallyEffect> FinallySites { get; } = new Dictionary<ControlFlowRegion, FinallyEffect>();

            /// <summary>When this lambda is the callback of <c>local.Connect(..., callback)</c> or <c>local.Bind(..., callback)</c>: that local.</summary>
            public ILocalSymbol? CallbackTarget { get; set; }

            public SocketMethodKind CallbackKind { get; set; }

            public Function Root => Parent?.Root ?? this;

            /// <summary>
            /// Per block, the operations that can change a state or hold a finding, in evaluation order: the fixed
            /// point goes over these short lists instead of whole operation trees.
            /// </summary>
            public List<(IOperation Node, bool IsBranchValue)>[] Relevant { get; }
        }

        private Function Collect(ControlFlowGraph graph, Function? parent, ISymbol? symbol, bool isLocalFunction, IFlowAnonymousFunctionOperation? creation)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var function = new Function(graph, parent, symbol, isLocalFunction) { Creation = creation };
            if (creation is not null && parent is not null)
            {
                DetectCallback(function, creation, parent);
            }

            foreach (var block in graph.Blocks)
            {
                var finallyRegions = EnclosingFinallyRegions(block);
                List<(IOperation, bool)>? relevant = null;
                foreach (var operation in block.Operations)
                {
                    CollectTree(function, operation, branchValue: null, finallyRegions, ref relevant);
                }

                if (block.BranchValue is { } branchValue)
                {
                    CollectTree(function, branchValue, branchValue, finallyRegions, ref relevant);
                }

                function.Relevant[block.Ordinal] = relevant ?? NoOperations;
            }

            foreach (var localFunction in graph.LocalFunctions)
            {
                var body = graph.GetLocalFunctionControlFlowGraph(localFunction, _cancellationToken);
                function.Children.Add(Collect(body, function, localFunction, isLocalFunction: true, creation: null));
            }

            foreach (var pair in function.OwnSites)
            {
                function.DeepSites[pair.Key] = pair.Value;
            }

            function.DeepReferenced.UnionWith(function.Referenced);
            foreach (var child in function.Children)
            {
                function.DeepReferenced.UnionWith(child.DeepReferenced);
            }

            foreach (var child in function.Children)
            {
                foreach (var pair in child.DeepSites)
                {
                    function.DeepSites.TryGetValue(pair.Key, out var existing);
                    function.DeepSites[pair.Key] = existing.Add(pair.Value);
                }
            }

            return function;
        }

        /// <summary>
        /// Notes which socket variable a flow capture holds. Captures come before their uses in block order, so one
        /// walk suffices; a capture that holds different things on different paths makes every socket it held escape.
        /// </summary>
        private static readonly List<(IOperation, bool)> NoOperations = new List<(IOperation, bool)>();

        /// <summary>Post-order over one operation tree (lambda bodies are separate graphs), without allocating per node.</summary>
        private void CollectTree(Function function, IOperation node, IOperation? branchValue, List<ControlFlowRegion>? finallyRegions, ref List<(IOperation, bool)>? relevant)
        {
            foreach (var child in node.ChildOperations)
            {
                CollectTree(function, child, branchValue, finallyRegions, ref relevant);
            }

            var isBranchValue = node == branchValue;
            CollectSite(function, node, isBranchValue, finallyRegions);
            if (IsRelevant(node, function))
            {
                (relevant ??= new List<(IOperation, bool)>()).Add((node, isBranchValue));
            }
        }

        private void RecordCapture(Function function, IFlowCaptureOperation capture, List<ControlFlowRegion>? finallyRegions)
        {
            var target = ResolveTarget(capture.Value, function);
            if (!function.Captures.TryGetValue(capture.Id, out var existing))
            {
                function.Captures[capture.Id] = target;
                return;
            }

            if (SymbolEqualityComparer.Default.Equals(existing, target))
            {
                return;
            }

            function.Captures[capture.Id] = null;
            foreach (var held in new[] { existing, target })
            {
                if (held is not null)
                {
                    AddSite(function, held, new SiteCounts { Escapes = 1 }, finallyRegions);
                }
            }
        }

        private void CollectSite(Function function, IOperation node, bool isBranchValue, List<ControlFlowRegion>? finallyRegions)
        {
            switch (node)
            {
                case IFlowAnonymousFunctionOperation lambda:
                    var body = function.Graph.GetAnonymousFunctionControlFlowGraph(lambda, _cancellationToken);
                    var child = Collect(body, function, lambda.Symbol, isLocalFunction: false, creation: lambda);
                    _lambdas[lambda] = child;
                    function.Children.Add(child);
                    if (finallyRegions is not null)
                    {
                        foreach (var pair in child.DeepSites)
                        {
                            if (pair.Value.ChangesConn || pair.Value.ChangesBind)
                            {
                                MarkFinally(function, finallyRegions, pair.Key, escaped: true);
                            }
                        }
                    }

                    return;

                case IFlowCaptureOperation capture:
                    RecordCapture(function, capture, finallyRegions);
                    break;

                case ISimpleAssignmentOperation assignment:
                    if (assignment.Target is IParameterReferenceOperation parameter)
                    {
                        function.AssignedParameters.Add(parameter.Parameter);
                    }

                    if (assignment.Target is not IFlowCaptureReferenceOperation && ResolveTarget(assignment.Target, function) is { } assigned)
                    {
                        function.Referenced.Add(assigned);
                        AddSite(function, assigned, new SiteCounts { Assignments = 1 }, finallyRegions);
                    }

                    break;

                case IInvocationOperation invocation when _symbols.Classify(invocation, out var receiverOperation) is { } kind:
                    if (ResolveTarget(receiverOperation, function) is { } receiver)
                    {
                        if (kind == SocketMethodKind.Close && finallyRegions is not null)
                        {
                            // a close in a finally (a using's Dispose) leaves the socket closed, not unknown
                            function.OwnSites.TryGetValue(receiver, out var existing);
                            function.OwnSites[receiver] = existing.Add(SiteCounts.ForCall(kind));
                            foreach (var region in finallyRegions)
                            {
                                EffectOf(function, region).Closed.Add(receiver);
                            }
                        }
                        else
                        {
                            AddSite(function, receiver, SiteCounts.ForCall(kind), finallyRegions);
                        }
                    }

                    break;

                case IInvocationOperation invocation when invocation.TargetMethod.MethodKind == MethodKind.LocalFunction:
                    function.LocalFunctionCalls.Add(invocation.TargetMethod.OriginalDefinition);
                    break;

                case IMethodReferenceOperation reference when reference.Method.MethodKind == MethodKind.LocalFunction:
                    // a local function used as a delegate runs whenever that delegate does
                    _localFunctionsAsDelegates.Add(reference.Method.OriginalDefinition);
                    break;
            }

            if (IsForeignSocketField(node))
            {
                AddSite(function, ((IFieldReferenceOperation)node).Field, new SiteCounts { Escapes = 1 }, finallyRegions);
            }

            if ((IsVariableReference(node) || node is IInvocationOperation) && ResolveTarget(node, function) is { } target)
            {
                if (IsVariableReference(node))
                {
                    function.Referenced.Add(target);
                }

                if (UseOf(node, isBranchValue) == Use.Escapes)
                {
                    AddSite(function, target, new SiteCounts { Escapes = 1 }, finallyRegions);
                }
                else if (finallyRegions is not null && !IsUsingDisposal(node))
                {
                    MarkFinally(function, finallyRegions, target, escaped: false);
                }
            }
        }

        private bool IsRelevant(IOperation node, Function function)
        {
            switch (node)
            {
                case IFlowAnonymousFunctionOperation:
                case IFlowCaptureOperation:
                case ISimpleAssignmentOperation:
                case IEventAssignmentOperation:
                case IInvocationOperation:
                case IAwaitOperation:
                    return true;
                case IObjectCreationOperation creation:
                    return creation.Constructor is not null && IsSourceCode(creation.Constructor);
                case IPropertyReferenceOperation property:
                    return IsSourceCode(property.Property);
                default:
                    return IsVariableReference(node) && (IsForeignSocketField(node) || ResolveTarget(node, function) is not null);
            }
        }

        private static void AddSite(Function function, ISymbol target, SiteCounts counts, List<ControlFlowRegion>? finallyRegions)
        {
            function.OwnSites.TryGetValue(target, out var existing);
            function.OwnSites[target] = existing.Add(counts);
            if (finallyRegions is not null)
            {
                MarkFinally(function, finallyRegions, target, escaped: counts.Escapes > 0);
            }
        }

        private static void MarkFinally(Function function, List<ControlFlowRegion> regions, ISymbol target, bool escaped)
        {
            foreach (var region in regions)
            {
                var sites = EffectOf(function, region);
                sites.Touched.Add(target);
                if (escaped)
                {
                    sites.Escaped.Add(target);
                }
            }
        }

        private static FinallyEffect EffectOf(Function function, ControlFlowRegion region)
        {
            if (!function.FinallySites.TryGetValue(region, out var sites))
            {
                sites = new FinallyEffect();
                function.FinallySites[region] = sites;
            }

            return sites;
        }

        /// <summary>
        /// The mentions of a socket that a using's disposal makes in its finally: the null test before it, and the
        /// socket the Dispose is called on (directly or through IDisposable).
        /// </summary>
        private bool IsUsingDisposal(IOperation reference)
        {
            var node = reference;
            while (node.Parent is IConversionOperation conversion)
            {
                node = conversion;
            }

            return node.Parent is IIsNullOperation
                || IsNullTest(node, node.Parent)
                || node.Parent is IInvocationOperation invocation && invocation.Instance == node && _symbols.Classify(invocation, out _) == SocketMethodKind.Close;
        }

        private static List<ControlFlowRegion>? EnclosingFinallyRegions(BasicBlock block)
        {
            List<ControlFlowRegion>? regions = null;
            for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Finally)
                {
                    (regions ??= new List<ControlFlowRegion>()).Add(region);
                }
            }

            return regions;
        }

        /// <summary>Notes when a lambda is the callback of Connect or Bind on a local socket (Node's documented patterns).</summary>
        private void DetectCallback(Function function, IFlowAnonymousFunctionOperation lambda, Function parent)
        {
            if (lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parameter.Name: "callback" } argument }
                && argument.Parent is IInvocationOperation invocation
                && invocation.TargetMethod.Name is "Connect" or "Bind"
                && _symbols.Classify(invocation, out var receiver) is { } kind
                && ResolveTarget(receiver, parent) is ILocalSymbol local)
            {
                function.CallbackTarget = local;
                function.CallbackKind = kind;
            }
        }
    }
}

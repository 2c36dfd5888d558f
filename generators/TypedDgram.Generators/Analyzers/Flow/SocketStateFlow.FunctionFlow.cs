using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// Second pass: the fixed point of the socket states over one function's control-flow graph, then one more walk
    /// that reports what the rules find.
    /// </summary>
    internal sealed partial class SocketStateFlow
    {
        private sealed class FunctionFlow
        {
            private readonly SocketStateFlow _flow;
            private readonly Function _function;
            private readonly Dictionary<ISymbol, int> _index = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            private readonly List<ISymbol> _targets = new List<ISymbol>();
            private readonly List<(IOperation After, Function Lambda)> _deferredLambdas = new List<(IOperation, Function)>();
            private readonly HashSet<(FlowRule, IOperation)> _reported = new HashSet<(FlowRule, IOperation)>();
            private readonly List<(Function Child, SocketState?[] Later, BasicBlock Block)> _lambdasLater = new List<(Function, SocketState?[], BasicBlock)>();
            private readonly List<(Function Child, SocketState?[] Later)> _openLambdas = new List<(Function, SocketState?[])>();
            private readonly Dictionary<IMethodSymbol, SocketState?[]> _callSites = new Dictionary<IMethodSymbol, SocketState?[]>(SymbolEqualityComparer.Default);
            private SocketState?[][]? _blockLater;
            private SocketState[] _before = System.Array.Empty<SocketState>();
            private int _callbackIndex = -1;
            private IParameterSymbol? _callbackError;
            private SocketState[] _state = System.Array.Empty<SocketState>();
            private bool _report;

            public FunctionFlow(SocketStateFlow flow, Function function)
            {
                _flow = flow;
                _function = function;
            }

            public void Run()
            {
                // a variable only nested functions use is tracked too, so that they learn its state from here
                foreach (var target in _function.Children.Count > 0 ? _function.DeepReferenced : _function.Referenced)
                {
                    if (IsOwnVariable(target) || _function.Inherited is { } inherited && inherited.ContainsKey(target))
                    {
                        Track(target);
                    }
                }

                if (_function.CallbackTarget is { } callbackTarget && IsCallbackReliable(callbackTarget))
                {
                    _callbackIndex = Track(callbackTarget);
                    if (_function.CallbackKind == SocketMethodKind.Connect
                        && _function.Symbol is IMethodSymbol { Parameters.Length: 1 } lambda
                        && !_function.AssignedParameters.Contains(lambda.Parameters[0]))
                    {
                        _callbackError = lambda.Parameters[0];
                    }
                }

                if (_targets.Count == 0)
                {
                    return;
                }

                var blocks = _function.Graph.Blocks;
                var entries = new SocketState[blocks.Length][];
                entries[0] = EntryState();
                var unknownEntry = UnknownEntryState();
                for (var i = 1; i < blocks.Length; i++)
                {
                    if (blocks[i].IsReachable && blocks[i].Predecessors.IsEmpty)
                    {
                        // catch, filter and finally blocks: entered from anywhere in their try
                        entries[i] = Copy(unknownEntry);
                    }
                }

                if (_function.Children.Count > 0)
                {
                    _blockLater = new SocketState?[blocks.Length][];
                }

                if (IsAcyclic(blocks))
                {
                    // every predecessor comes first: one pass in order sees each block's final entry state
                    foreach (var block in blocks)
                    {
                        if (block.IsReachable && entries[block.Ordinal] is { } entry)
                        {
                            PropagateAll(entries, block, Execute(block, entry, report: true));
                        }
                    }

                    InheritToChildren(blocks);
                    return;
                }

                var changed = true;
                while (changed)
                {
                    _flow._cancellationToken.ThrowIfCancellationRequested();
                    changed = false;
                    foreach (var block in blocks)
                    {
                        var entry = entries[block.Ordinal];
                        if (!block.IsReachable || entry is null)
                        {
                            continue;
                        }

                        changed |= PropagateAll(entries, block, Execute(block, entry, report: false));
                    }
                }

                foreach (var block in blocks)
                {
                    if (block.IsReachable && entries[block.Ordinal] is { } entry)
                    {
                        Execute(block, entry, report: true);
                    }
                }

                InheritToChildren(blocks);
            }

            private static bool IsAcyclic(System.Collections.Immutable.ImmutableArray<BasicBlock> blocks)
            {
                foreach (var block in blocks)
                {
                    if (block.ConditionalSuccessor?.Destination is { } conditional && conditional.Ordinal <= block.Ordinal
                        || block.FallThroughSuccessor?.Destination is { } fallThrough && fallThrough.Ordinal <= block.Ordinal)
                    {
                        return false;
                    }
                }

                return true;
            }

            private static SocketState[] Copy(SocketState[] state)
            {
                var copy = new SocketState[state.Length];
                System.Array.Copy(state, copy, state.Length);
                return copy;
            }

            private bool PropagateAll(SocketState[][] entries, BasicBlock block, SocketState[] exit)
            {
                var conditional = Propagate(entries, block, block.ConditionalSuccessor, exit, conditional: true);
                var fallThrough = Propagate(entries, block, block.FallThroughSuccessor, exit, conditional: false);
                return conditional | fallThrough;
            }

            private int Track(ISymbol target)
            {
                if (!_index.TryGetValue(target, out var index))
                {
                    index = _targets.Count;
                    _index[target] = index;
                    _targets.Add(target);
                }

                return index;
            }

            /// <summary>Variables this function owns: its own locals and parameters, and (in the member body) fields.</summary>
            private bool IsOwnVariable(ISymbol target)
            {
                switch (target)
                {
                    case ILocalSymbol local:
                        return SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, _function.Symbol);
                    case IParameterSymbol parameter:
                        return SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _function.Symbol);
                    case IFieldSymbol:
                        return _function.Parent is null;
                    default:
                        return false;
                }
            }

            /// <summary>
            /// The callback's socket is known to be connected (or bound) on entry only if nothing outside the callback can
            /// have changed it by then: it never escapes, is assigned once, and (for Connect) the Connect taking this
            /// callback is the only connect-state change outside it.
            /// </summary>
            private bool IsCallbackReliable(ILocalSymbol target)
            {
                _function.Root.DeepSites.TryGetValue(target, out var total);
                _function.DeepSites.TryGetValue(target, out var inside);
                var outside = total.Subtract(inside);
                return outside.Escapes == 0
                    && outside.Assignments <= 1
                    && (_function.CallbackKind != SocketMethodKind.Connect || outside.ConnChanges == 1);
            }

            private SocketState[] EntryState()
            {
                var state = new SocketState[_targets.Count];
                for (var i = 0; i < state.Length; i++)
                {
                    var target = _targets[i];
                    // a reliable Connect or Bind callback's socket starts from what its call promises, not from what the
                    // enclosing function knows later (the callback's own changes poison that)
                    var initial = i != _callbackIndex && _function.Inherited is { } inherited && inherited.TryGetValue(target, out var known) ? known
                        : target is ILocalSymbol local && IsOwnVariable(target) && IsAssignedOnlyByStatements(local) ? SocketState.NotYetAssigned
                        : default;
                    state[i] = LocalFunctionPoison(target, initial);
                }

                if (_callbackIndex >= 0)
                {
                    var value = state[_callbackIndex];
                    if (_function.CallbackKind == SocketMethodKind.Connect)
                    {
                        value = value.WithBind(BindState.BindStarted);
                        if (_callbackError is not null)
                        {
                            value = value.WithConnect(ConnectState.Connected);
                        }
                    }
                    else
                    {
                        value = value.WithBind(BindState.BindStarted);
                    }

                    state[_callbackIndex] = value;
                }

                return state;
            }

            /// <summary>
            /// A local declared by a declaration statement: assigned only by its initializer, assignments and out
            /// arguments, which the analysis sees (a pattern or foreach variable is assigned by its pattern or loop).
            /// </summary>
            private static bool IsAssignedOnlyByStatements(ILocalSymbol local)
                => local.DeclaringSyntaxReferences.Length == 1
                    && local.DeclaringSyntaxReferences[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax;

            private SocketState[] UnknownEntryState()
            {
                var state = new SocketState[_targets.Count];
                for (var i = 0; i < state.Length; i++)
                {
                    var target = _targets[i];
                    var value = LocalFunctionPoison(target, default);
                    _function.OwnSites.TryGetValue(target, out var own);
                    _function.DeepSites.TryGetValue(target, out var deep);
                    var nested = deep.Subtract(own);
                    value = value.Poison(nested.ChangesConn, nested.ChangesBind);
                    if (own.Escapes > 0)
                    {
                        value = value.PoisonObject();
                    }

                    state[i] = value;
                }

                return state;
            }

            private SocketState LocalFunctionPoison(ISymbol target, SocketState state)
                => _flow._localFunctionSites.TryGetValue(target, out var sites)
                    ? state.Poison(sites.ChangesConn, sites.ChangesBind)
                    : state;

            private bool Propagate(SocketState[][] entries, BasicBlock block, ControlFlowBranch? branch, SocketState[] exit, bool conditional)
            {
                if (branch?.Destination is not { } destination)
                {
                    return false;
                }

                // FinallyRegions is computed on first use, so it is asked only in graphs that have finally blocks
                var state = exit;
                if (_function.FinallySites.Count > 0 && !branch.FinallyRegions.IsEmpty
                    || _callbackError is not null && block.ConditionKind != ControlFlowConditionKind.None)
                {
                    state = Copy(exit);
                    ApplyFinally(state, branch);
                    RefineOnError(state, block, conditional);
                }

                var existing = entries[destination.Ordinal];
                if (existing is null)
                {
                    entries[destination.Ordinal] = Copy(state);
                    return true;
                }

                var changed = false;
                for (var i = 0; i < existing.Length; i++)
                {
                    var joined = SocketState.Join(existing[i], state[i]);
                    if (!joined.Equals(existing[i]))
                    {
                        existing[i] = joined;
                        changed = true;
                    }
                }

                return changed;
            }

            /// <summary>A branch that leaves try blocks runs their finally blocks on the way: forget what they mention.</summary>
            private void ApplyFinally(SocketState[] state, ControlFlowBranch branch)
            {
                if (_function.FinallySites.Count == 0)
                {
                    return;
                }

                foreach (var region in branch.FinallyRegions)
                {
                    if (!_function.FinallySites.TryGetValue(region, out var sites))
                    {
                        continue;
                    }

                    foreach (var target in sites.Touched)
                    {
                        if (_index.TryGetValue(target, out var index))
                        {
                            var forgotten = state[index].Forgotten();
                            state[index] = sites.Escaped.Contains(target) ? forgotten.PoisonObject() : forgotten;
                        }
                    }

                    foreach (var target in sites.Closed)
                    {
                        if (!sites.Touched.Contains(target) && _index.TryGetValue(target, out var index))
                        {
                            state[index] = state[index].Close();
                        }
                    }
                }
            }

            /// <summary>In a Connect callback, on a path where the error argument is not null, the connect failed.</summary>
            private void RefineOnError(SocketState[] state, BasicBlock block, bool conditional)
            {
                if (_callbackError is null || block.BranchValue is null || block.ConditionKind == ControlFlowConditionKind.None
                    || !TryGetErrorIsNullWhenTrue(block.BranchValue, _callbackError, out var nullWhenTrue))
                {
                    return;
                }

                var valueOnThisEdge = conditional == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                if (valueOnThisEdge != nullWhenTrue)
                {
                    state[_callbackIndex] = state[_callbackIndex].WithConnect(ConnectState.Unknown);
                }
            }

            private static bool TryGetErrorIsNullWhenTrue(IOperation condition, IParameterSymbol error, out bool nullWhenTrue)
            {
                nullWhenTrue = false;
                switch (condition)
                {
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                        if (TryGetErrorIsNullWhenTrue(not.Operand, error, out var inner))
                        {
                            nullWhenTrue = !inner;
                            return true;
                        }

                        return false;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                        if (IsParameter(binary.LeftOperand, error) && ArgumentValues.IsNull(binary.RightOperand)
                            || IsParameter(binary.RightOperand, error) && ArgumentValues.IsNull(binary.LeftOperand))
                        {
                            nullWhenTrue = binary.OperatorKind == BinaryOperatorKind.Equals;
                            return true;
                        }

                        return false;
                    case IIsPatternOperation pattern when IsParameter(pattern.Value, error):
                        switch (pattern.Pattern)
                        {
                            case IConstantPatternOperation constant when ArgumentValues.IsNull(constant.Value):
                                nullWhenTrue = true;
                                return true;
                            case INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when ArgumentValues.IsNull(constant.Value):
                                nullWhenTrue = false;
                                return true;
                            case IRecursivePatternOperation:
                            case ITypePatternOperation:
                            case IDeclarationPatternOperation:
                                nullWhenTrue = false;
                                return true;
                            default:
                                return false;
                        }

                    default:
                        return false;
                }
            }

            private static bool IsParameter(IOperation operation, IParameterSymbol parameter)
                => ArgumentValues.StripConversions(operation) is IParameterReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

            // -----------------------------------------------------------------------------------------------------
            // One block

            private SocketState[] Execute(BasicBlock block, SocketState[] entry, bool report)
            {
                if (_state.Length != entry.Length)
                {
                    _state = new SocketState[entry.Length];
                }

                System.Array.Copy(entry, _state, entry.Length);
                _report = report;
                _deferredLambdas.Clear();
                if (!report || _blockLater is null)
                {
                    foreach (var (node, isBranchValue) in _function.Relevant[block.Ordinal])
                    {
                        Apply(node, isBranchValue);
                    }

                    return _state;
                }

                // the report pass of a function with lambdas or local functions also notes every state each block goes
                // through; a catch or finally block starts from "unknown", which stands for states of its try already
                // noted, so only the states its own operations make count
                var later = _blockLater[block.Ordinal] = new SocketState?[_state.Length];
                var isHandler = block.Ordinal != 0 && block.Predecessors.IsEmpty;
                if (!isHandler)
                {
                    JoinLater(later, _state);
                }

                _openLambdas.Clear();
                foreach (var (node, isBranchValue) in _function.Relevant[block.Ordinal])
                {
                    if (isHandler)
                    {
                        _before = Copy(_state);
                    }

                    Apply(node, isBranchValue);
                    if (isHandler)
                    {
                        for (var i = 0; i < _state.Length; i++)
                        {
                            if (!_state[i].Equals(_before[i]))
                            {
                                later[i] = SocketState.JoinLater(later[i], _state[i]);
                            }
                        }
                    }
                    else
                    {
                        JoinLater(later, _state);
                    }

                    foreach (var (_, lambdaLater) in _openLambdas)
                    {
                        JoinLater(lambdaLater, _state);
                    }
                }

                foreach (var (child, lambdaLater) in _openLambdas)
                {
                    _lambdasLater.Add((child, lambdaLater, block));
                }

                return _state;
            }

            private static void JoinLater(SocketState?[] later, SocketState[] state)
            {
                for (var i = 0; i < state.Length; i++)
                {
                    later[i] = SocketState.JoinLater(later[i], state[i]);
                }
            }

            private static void JoinLater(SocketState?[] later, SocketState?[]? more)
            {
                if (more is null)
                {
                    return;
                }

                for (var i = 0; i < more.Length; i++)
                {
                    if (more[i] is { } state)
                    {
                        later[i] = SocketState.JoinLater(later[i], state);
                    }
                }
            }

            // -----------------------------------------------------------------------------------------------------
            // What nested functions start from

            /// <summary>
            /// Sets what each lambda and local function declared here knows on entry about the variables it captures.
            /// A lambda may run at any moment after it is created (now, on another thread, or after this function
            /// returned), so it starts from what every state from its creation on agrees on; a local function called
            /// only by name from this function's own code, from what its call sites agree on; any other local function,
            /// from what every state of this function agrees on. States where the variable is not assigned yet or its
            /// socket is closed add nothing (see <see cref="SocketState.JoinLater"/>). Code that may run after this
            /// function returned keeps only sockets nothing else can reach (owned), and never "unbound": a socket event or
            /// callback that runs it may mean the socket is bound.
            /// </summary>
            private void InheritToChildren(System.Collections.Immutable.ImmutableArray<BasicBlock> blocks)
            {
                if (_blockLater is null)
                {
                    return;
                }

                // reach[b]: every state of block b and of every block after it
                var reach = new SocketState?[blocks.Length][];
                var handlers = new SocketState?[_targets.Count];
                for (var b = 0; b < blocks.Length; b++)
                {
                    reach[b] = new SocketState?[_targets.Count];
                    JoinLater(reach[b], _blockLater[b]);
                    if (b != 0 && blocks[b].Predecessors.IsEmpty)
                    {
                        JoinLater(handlers, _blockLater[b]);
                    }
                }

                var changed = true;
                while (changed)
                {
                    changed = false;
                    for (var b = blocks.Length - 1; b >= 0; b--)
                    {
                        foreach (var successor in new[] { blocks[b].ConditionalSuccessor?.Destination, blocks[b].FallThroughSuccessor?.Destination })
                        {
                            if (successor is not null)
                            {
                                changed |= JoinChanged(reach[b], reach[successor.Ordinal]);
                            }
                        }
                    }
                }

                foreach (var child in _function.Children)
                {
                    SocketState?[]? later = null;
                    var mayRunLater = true;
                    if (child.IsLocalFunction && child.Symbol is IMethodSymbol localFunction)
                    {
                        // an async or iterator local function runs on after its call returns (past an await, or lazily)
                        if (!localFunction.IsAsync && !localFunction.IsIterator && _flow.IsCalledOnlyBy(localFunction, _function))
                        {
                            _callSites.TryGetValue(localFunction.OriginalDefinition, out later);
                            mayRunLater = false;
                        }
                        else
                        {
                            later = new SocketState?[_targets.Count];
                            JoinLater(later, reach[0]);
                            JoinLater(later, handlers);
                        }
                    }
                    else
                    {
                        foreach (var (lambda, lambdaLater, block) in _lambdasLater)
                        {
                            if (lambda == child)
                            {
                                later = new SocketState?[_targets.Count];
                                JoinLater(later, lambdaLater);
                                JoinLater(later, block.ConditionalSuccessor?.Destination is { } conditional ? reach[conditional.Ordinal] : null);
                                JoinLater(later, block.FallThroughSuccessor?.Destination is { } fallThrough ? reach[fallThrough.Ordinal] : null);
                                JoinLater(later, handlers);
                            }
                        }
                    }

                    if (later is not null)
                    {
                        child.Inherited = Inheritance(later, mayRunLater, child.Creation);
                    }
                }
            }

            private static bool JoinChanged(SocketState?[] into, SocketState?[] from)
            {
                var changed = false;
                for (var i = 0; i < into.Length; i++)
                {
                    if (from[i] is { } state)
                    {
                        var joined = SocketState.JoinLater(into[i], state);
                        if (!joined.Equals(into[i]))
                        {
                            into[i] = joined;
                            changed = true;
                        }
                    }
                }

                return changed;
            }

            private Dictionary<ISymbol, SocketState> Inheritance(SocketState?[] later, bool mayRunLater, IFlowAnonymousFunctionOperation? creation)
            {
                var inherited = new Dictionary<ISymbol, SocketState>(SymbolEqualityComparer.Default);
                for (var i = 0; i < later.Length; i++)
                {
                    if (later[i] is not { } state || mayRunLater && !state.Owned)
                    {
                        continue;
                    }

                    if (mayRunLater && state.Bind == BindState.Unbound)
                    {
                        state = state with { Bind = BindState.Unknown };
                    }

                    inherited[_targets[i]] = state;
                }

                if (creation is null)
                {
                    return inherited;
                }

                // a handler of a socket event, or a callback of Close, runs in a known state of that socket
                if (creation.Parent is IDelegateCreationOperation { Parent: IEventAssignmentOperation { EventReference: IEventReferenceOperation eventReference } }
                    && _flow._symbols.IsSocket(eventReference.Event.ContainingType)
                    && Tracked(_flow.ResolveTarget(eventReference.Instance, _function), out var subscribed)
                    && inherited.TryGetValue(_targets[subscribed], out var before))
                {
                    var target = _targets[subscribed];
                    switch (eventReference.Event.Name)
                    {
                        case "Listening":
                        case "Message":
                            inherited[target] = before.WithBind(BindState.BindStarted);
                            break;
                        case "Connected":
                            inherited[target] = before.Connect == ConnectState.NotConnected ? before with { Connect = ConnectState.Unknown } : before;
                            break;
                        case "Closed":
                            inherited.Remove(target);
                            break;
                    }
                }

                if (_flow.SocketCallTakingCallback(creation) is { } call
                    && _flow._symbols.Classify(call, out var receiver) is not (SocketMethodKind.Bind or SocketMethodKind.Connect or SocketMethodKind.Send)
                    && _flow.ResolveTarget(receiver, _function) is { } callee)
                {
                    inherited.Remove(callee);
                }

                return inherited;
            }

            private void Apply(IOperation node, bool isBranchValue)
            {
                var symbols = _flow._symbols;
                if (_report && _blockLater is not null && node is IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } localCall)
                {
                    var definition = localCall.TargetMethod.OriginalDefinition;
                    if (!_callSites.TryGetValue(definition, out var sites))
                    {
                        sites = new SocketState?[_state.Length];
                        _callSites[definition] = sites;
                    }

                    JoinLater(sites, _state);
                }

                switch (node)
                {
                    case IFlowAnonymousFunctionOperation lambda:
                        var child = _flow._lambdas[lambda];
                        if (_report && _blockLater is not null)
                        {
                            _openLambdas.Add((child, new SocketState?[_state.Length]));
                        }
                        if (DeferralPoint(lambda) is { } after)
                        {
                            _deferredLambdas.Add((after, child));
                        }
                        else
                        {
                            PoisonBy(child);
                        }

                        return;

                    case IFlowCaptureOperation capture:
                        if (Tracked(_flow.ResolveTarget(capture.Value, _function), out var captured) && _function.Captures[capture.Id] is null)
                        {
                            _state[captured] = _state[captured].PoisonObject();
                        }

                        break;

                    case ISimpleAssignmentOperation assignment:
                        if (assignment.Target is not IFlowCaptureReferenceOperation && Tracked(_flow.ResolveTarget(assignment.Target, _function), out var assigned))
                        {
                            _state[assigned] = _state[assigned].Assign(_flow.ValueState(assignment.Value, _function));
                        }

                        break;

                    case IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation eventReference } subscription:
                        if (eventReference.Event.Name == "Listening"
                            && symbols.IsSocket(eventReference.Event.ContainingType)
                            && Tracked(_flow.ResolveTarget(eventReference.Instance, _function), out var subscribed)
                            && LateListeningHandlerAnalyzer.HasStartedBinding(_state[subscribed]))
                        {
                            Report(FlowRule.LateListening, subscribed, eventReference, "Listening");
                        }

                        ApplyDeferred(subscription);
                        break;

                    case IInvocationOperation invocation when symbols.Classify(invocation, out var receiverOperation) is { } kind:
                        if (Tracked(_flow.ResolveTarget(receiverOperation, _function), out var receiver))
                        {
                            Check(invocation, kind, receiver);
                            var owned = _state[receiver].Owned;
                            _state[receiver] = Transfer(_state[receiver], kind);
                            if (!owned)
                            {
                                ForgetPossibleAliases(receiver, kind);
                            }
                        }
                        else
                        {
                            ForgetPossibleAliases(-1, kind);
                        }

                        ApplyDeferred(invocation);
                        break;

                    case IAwaitOperation awaited:
                        Await(awaited);
                        break;

                    // the member's own code (this project's methods, constructors, properties, and any delegate) may
                    // reach a shared socket through a field or another reference: forget what was known about those
                    case IInvocationOperation invocation when invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke || IsSourceCode(invocation.TargetMethod):
                    case IObjectCreationOperation creation when creation.Constructor is not null && IsSourceCode(creation.Constructor):
                    case IPropertyReferenceOperation property when IsSourceCode(property.Property):
                        ForgetPossibleAliases(-1, SocketMethodKind.Unknown);
                        break;
                }

                if (_flow.IsForeignSocketField(node) && _index.TryGetValue(((IFieldReferenceOperation)node).Field, out var foreign))
                {
                    _state[foreign] = _state[foreign].Poison(connect: true, bind: true);
                }

                if ((IsVariableReference(node) || node is IInvocationOperation)
                    && Tracked(_flow.ResolveTarget(node, _function), out var used)
                    && _flow.UseOf(node, isBranchValue) == Use.Escapes)
                {
                    _state[used] = _state[used].PoisonObject();
                }
            }

            /// <summary>
            /// A change made through a socket that may be shared (not owned), or by code the analysis does not follow,
            /// may have changed every other socket that is not owned either: they may all be one object.
            /// </summary>
            private void ForgetPossibleAliases(int receiver, SocketMethodKind kind)
            {
                var changes = SiteCounts.ForCall(kind);
                if (changes.ConnChanges == 0 && changes.BindChanges == 0)
                {
                    return;
                }

                for (var i = 0; i < _state.Length; i++)
                {
                    if (i != receiver && !_state[i].Owned)
                    {
                        var state = _state[i];
                        if (changes.ConnChanges > 0)
                        {
                            state = state.WithConnect(ConnectState.Unknown);
                        }

                        if (changes.BindChanges > 0)
                        {
                            state = state.WithBind(BindState.Unknown);
                        }

                        _state[i] = state;
                    }
                }
            }

            /// <summary>
            /// While the code awaits, a pending connect may fail and leave its socket disconnected: forget pending
            /// connects, except the one awaited here, which is connected once <c>await ConnectAsync</c> returns.
            /// </summary>
            private void Await(IAwaitOperation awaited)
            {
                var connected = -1;
                var operation = awaited.Operation;

                // await client.ConnectAsync(...).ConfigureAwait(false) is the same await
                if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                {
                    operation = configured;
                }

                if (operation is IInvocationOperation { TargetMethod.Name: "ConnectAsync" } connect
                    && _flow._symbols.Classify(connect.TargetMethod) == SocketMethodKind.Connect
                    && Tracked(_flow.ResolveTarget(connect.Instance, _function), out var target))
                {
                    connected = target;
                }

                for (var i = 0; i < _state.Length; i++)
                {
                    if (i == connected)
                    {
                        _state[i] = _state[i].WithConnect(ConnectState.Connected);
                    }
                    else if (_state[i].Connect == ConnectState.ConnectPending)
                    {
                        _state[i] = _state[i].WithConnect(ConnectState.Unknown);
                    }
                }
            }

            /// <summary>Runs the checks of the rules that judge this call (each rule's check sits in its analyzer).</summary>
            private void Check(IInvocationOperation invocation, SocketMethodKind kind, int receiver)
            {
                var state = _state[receiver];
                var name = invocation.TargetMethod.Name;
                switch (kind)
                {
                    case SocketMethodKind.Send:
                        if (ConnectedSendAnalyzer.MisplacedDestination(state, invocation) is { } destination)
                        {
                            Report(FlowRule.SendWithDestinationWhenConnected, receiver, destination, name);
                        }

                        if (UnconnectedSendAnalyzer.LacksDestination(state, invocation, out var detail))
                        {
                            Report(FlowRule.SendWithoutDestinationWhenNotConnected, receiver, invocation, name, detail);
                        }

                        break;
                    case SocketMethodKind.Connect when ConnectStateAnalyzer.ConnectsAgain(state):
                        Report(FlowRule.ConnectWhenConnected, receiver, invocation, name);
                        break;
                    case SocketMethodKind.Disconnect or SocketMethodKind.RemoteAddress when ConnectStateAnalyzer.IsNotConnected(state):
                        Report(FlowRule.NeedsConnection, receiver, invocation, name);
                        break;
                    case SocketMethodKind.NeedsBound when UnboundSocketOptionAnalyzer.IsUnbound(state):
                        Report(FlowRule.NeedsBound, receiver, invocation, name);
                        break;
                }
            }

            private void Report(FlowRule rule, int target, IOperation at, string member, string? detail = null)
            {
                if (_report && _reported.Add((rule, at)))
                {
                    _flow.Report(rule, _targets[target], at, member, detail);
                }
            }

            /// <summary>
            /// A lambda handed to a socket method or subscribed to a socket event runs later, never inside that call
            /// (callbacks and events are posted): what it changes is unknown only after the call or subscription.
            /// </summary>
            private IOperation? DeferralPoint(IFlowAnonymousFunctionOperation lambda)
            {
                if (_flow.SocketCallTakingCallback(lambda) is { } invocation)
                {
                    return invocation;
                }

                return lambda.Parent is IDelegateCreationOperation { Parent: IEventAssignmentOperation { EventReference: IEventReferenceOperation eventReference } subscription }
                    && _flow._symbols.IsSocket(eventReference.Event.ContainingType)
                    ? subscription
                    : null;
            }

            private void ApplyDeferred(IOperation after)
            {
                foreach (var (point, lambda) in _deferredLambdas)
                {
                    if (point == after)
                    {
                        PoisonBy(lambda);
                    }
                }
            }

            /// <summary>Once a lambda that changes a socket exists, it may run at any moment: forget that socket's state for good.</summary>
            private void PoisonBy(Function lambda)
            {
                foreach (var pair in lambda.DeepSites)
                {
                    if (_index.TryGetValue(pair.Key, out var index))
                    {
                        _state[index] = _state[index].Poison(pair.Value.ChangesConn, pair.Value.ChangesBind);
                    }
                }
            }

            private bool Tracked(ISymbol? target, out int index)
            {
                if (target is not null && _index.TryGetValue(target, out index))
                {
                    return true;
                }

                index = -1;
                return false;
            }
        }
    }
}

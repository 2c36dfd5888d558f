using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

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
            private int _callbackIndex = -1;
            private IParameterSymbol? _callbackError;
            private byte[] _state = System.Array.Empty<byte>();
            private bool _report;

            public FunctionFlow(SocketStateFlow flow, Function function)
            {
                _flow = flow;
                _function = function;
            }

            public void Run()
            {
                foreach (var target in _function.Referenced)
                {
                    if (IsOwnVariable(target))
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
                var entries = new byte[blocks.Length][];
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

            private static byte[] Copy(byte[] state)
            {
                var copy = new byte[state.Length];
                System.Buffer.BlockCopy(state, 0, copy, 0, state.Length);
                return copy;
            }

            private bool PropagateAll(byte[][] entries, BasicBlock block, byte[] exit)
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

            private byte[] EntryState()
            {
                var state = new byte[_targets.Count];
                for (var i = 0; i < state.Length; i++)
                {
                    state[i] = LocalFunctionPoison(_targets[i], 0);
                }

                if (_callbackIndex >= 0)
                {
                    var value = state[_callbackIndex];
                    if (_function.CallbackKind == SocketMethodKind.Connect)
                    {
                        value = SocketState.WithBind(value, SocketState.BindStarted);
                        if (_callbackError is not null)
                        {
                            value = SocketState.WithConn(value, SocketState.Connected);
                        }
                    }
                    else
                    {
                        value = SocketState.WithBind(value, SocketState.BindStarted);
                    }

                    state[_callbackIndex] = value;
                }

                return state;
            }

            private byte[] UnknownEntryState()
            {
                var state = new byte[_targets.Count];
                for (var i = 0; i < state.Length; i++)
                {
                    var target = _targets[i];
                    var value = LocalFunctionPoison(target, 0);
                    _function.OwnSites.TryGetValue(target, out var own);
                    _function.DeepSites.TryGetValue(target, out var deep);
                    var nested = deep.Subtract(own);
                    value = SocketState.Poison(value, nested.ChangesConn, nested.ChangesBind);
                    if (own.Escapes > 0)
                    {
                        value = SocketState.PoisonObject(value);
                    }

                    state[i] = value;
                }

                return state;
            }

            private byte LocalFunctionPoison(ISymbol target, byte state)
                => _flow._localFunctionSites.TryGetValue(target, out var sites)
                    ? SocketState.Poison(state, sites.ChangesConn, sites.ChangesBind)
                    : state;

            private bool Propagate(byte[][] entries, BasicBlock block, ControlFlowBranch? branch, byte[] exit, bool conditional)
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
                    if (joined != existing[i])
                    {
                        existing[i] = joined;
                        changed = true;
                    }
                }

                return changed;
            }

            /// <summary>A branch that leaves try blocks runs their finally blocks on the way: forget what they mention.</summary>
            private void ApplyFinally(byte[] state, ControlFlowBranch branch)
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
                            var forgotten = SocketState.WithBind(SocketState.WithConn(state[index], SocketState.ConnUnknown), SocketState.BindUnknown);
                            state[index] = sites.Escaped.Contains(target) ? SocketState.PoisonObject(forgotten) : forgotten;
                        }
                    }
                }
            }

            /// <summary>In a Connect callback, on a path where the error argument is not null, the connect failed.</summary>
            private void RefineOnError(byte[] state, BasicBlock block, bool conditional)
            {
                if (_callbackError is null || block.BranchValue is null || block.ConditionKind == ControlFlowConditionKind.None
                    || !TryGetErrorIsNullWhenTrue(block.BranchValue, _callbackError, out var nullWhenTrue))
                {
                    return;
                }

                var valueOnThisEdge = conditional == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                if (valueOnThisEdge != nullWhenTrue)
                {
                    state[_callbackIndex] = SocketState.WithConn(state[_callbackIndex], SocketState.ConnUnknown);
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

            private byte[] Execute(BasicBlock block, byte[] entry, bool report)
            {
                if (_state.Length != entry.Length)
                {
                    _state = new byte[entry.Length];
                }

                System.Buffer.BlockCopy(entry, 0, _state, 0, entry.Length);
                _report = report;
                _deferredLambdas.Clear();
                foreach (var (node, isBranchValue) in _function.Relevant[block.Ordinal])
                {
                    Apply(node, isBranchValue);
                }

                return _state;
            }

            private void Apply(IOperation node, bool isBranchValue)
            {
                var symbols = _flow._symbols;
                switch (node)
                {
                    case IFlowAnonymousFunctionOperation lambda:
                        var child = _flow._lambdas[lambda];
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
                            _state[captured] = SocketState.PoisonObject(_state[captured]);
                        }

                        break;

                    case ISimpleAssignmentOperation assignment:
                        if (assignment.Target is not IFlowCaptureReferenceOperation && Tracked(_flow.ResolveTarget(assignment.Target, _function), out var assigned))
                        {
                            _state[assigned] = SocketState.Assign(_state[assigned], _flow.ValueState(assignment.Value, _function));
                        }

                        break;

                    case IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation eventReference } subscription:
                        if (eventReference.Event.Name == "Listening"
                            && symbols.IsSocket(eventReference.Event.ContainingType)
                            && Tracked(_flow.ResolveTarget(eventReference.Instance, _function), out var subscribed)
                            && SocketState.Bind(_state[subscribed]) == SocketState.BindStarted)
                        {
                            Report(FlowRule.LateListening, subscribed, eventReference, "Listening");
                        }

                        ApplyDeferred(subscription);
                        break;

                    case IInvocationOperation invocation when symbols.Classify(invocation, out var receiverOperation) is { } kind:
                        if (Tracked(_flow.ResolveTarget(receiverOperation, _function), out var receiver))
                        {
                            Check(invocation, kind, receiver);
                            var owned = SocketState.IsOwned(_state[receiver]);
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
                    _state[foreign] = SocketState.Poison(_state[foreign], conn: true, bind: true);
                }

                if ((IsVariableReference(node) || node is IInvocationOperation)
                    && Tracked(_flow.ResolveTarget(node, _function), out var used)
                    && _flow.UseOf(node, isBranchValue) == Use.Escapes)
                {
                    _state[used] = SocketState.PoisonObject(_state[used]);
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
                    if (i != receiver && !SocketState.IsOwned(_state[i]))
                    {
                        var state = _state[i];
                        if (changes.ConnChanges > 0)
                        {
                            state = SocketState.WithConn(state, SocketState.ConnUnknown);
                        }

                        if (changes.BindChanges > 0)
                        {
                            state = SocketState.WithBind(state, SocketState.BindUnknown);
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
                if (awaited.Operation is IInvocationOperation { TargetMethod.Name: "ConnectAsync" } connect
                    && _flow._symbols.Classify(connect.TargetMethod) == SocketMethodKind.Connect
                    && Tracked(_flow.ResolveTarget(connect.Instance, _function), out var target))
                {
                    connected = target;
                }

                for (var i = 0; i < _state.Length; i++)
                {
                    if (i == connected)
                    {
                        _state[i] = SocketState.WithConn(_state[i], SocketState.Connected);
                    }
                    else if (SocketState.Conn(_state[i]) == SocketState.ConnectPending)
                    {
                        _state[i] = SocketState.WithConn(_state[i], SocketState.ConnUnknown);
                    }
                }
            }

            private void Check(IInvocationOperation invocation, SocketMethodKind kind, int receiver)
            {
                var state = _state[receiver];
                switch (kind)
                {
                    case SocketMethodKind.Send when SocketState.IsConnectedOrPending(state):
                        var port = ArgumentValues.Find(invocation, "port");
                        var address = ArgumentValues.Find(invocation, "address");
                        var given = ArgumentValues.IsGiven(port) ? port : ArgumentValues.IsGiven(address) ? address : null;
                        if (given is not null)
                        {
                            Report(FlowRule.SendWithDestinationWhenConnected, receiver, given, invocation.TargetMethod.Name);
                        }

                        break;
                    case SocketMethodKind.Connect when SocketState.IsConnectedOrPending(state):
                        Report(FlowRule.ConnectWhenConnected, receiver, invocation, invocation.TargetMethod.Name);
                        break;
                    case SocketMethodKind.Disconnect or SocketMethodKind.RemoteAddress when SocketState.Conn(state) == SocketState.NotConnected:
                        Report(FlowRule.NeedsConnection, receiver, invocation, invocation.TargetMethod.Name);
                        break;
                    case SocketMethodKind.NeedsBound when SocketState.Bind(state) == SocketState.Unbound:
                        Report(FlowRule.NeedsBound, receiver, invocation, invocation.TargetMethod.Name);
                        break;
                }
            }

            private void Report(FlowRule rule, int target, IOperation at, string member)
            {
                if (_report && _reported.Add((rule, at)))
                {
                    _flow.Report(rule, _targets[target], at, member);
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
                        _state[index] = SocketState.Poison(_state[index], pair.Value.ChangesConn, pair.Value.ChangesBind);
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

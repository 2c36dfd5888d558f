using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The socket-state flow analysis behind TDG0002, TDG0007, TDG0009, TDG0010 and TDG0011 (it tracks the states;
    /// each rule's check, called at the calls it judges, sits in the rule's analyzer). For every socket variable (local,
    /// parameter, or field of this object) it computes over the control-flow graph whether the socket is, on every
    /// path, connected (or connecting) / not connected / unbound / binding. It reasons about one member's code in
    /// order (other threads are not modelled) and is built to be sound where it fires:
    /// <list type="bullet">
    /// <item>a socket that escapes (passed to a method, stored, returned, aliased, used in a way not modelled) or is
    /// closed is "poisoned": nothing is claimed about it until the variable holds a new socket;</item>
    /// <item>a lambda that changes a socket poisons the variable where the lambda is created (it may run at any time
    /// after); a local function that changes it poisons it everywhere;</item>
    /// <item>a socket the member did not create (a parameter, a field, a value from a call) may be the same object as
    /// another: a change through one, or a call into the project's own code or a delegate, forgets them all;</item>
    /// <item>a connect not awaited may still fail and leave the socket disconnected: an await forgets it;</item>
    /// <item>catch and finally blocks start from "unknown";</item>
    /// <item>a lambda (a handler, a callback) starts from what every state from its creation on agrees on, for
    /// sockets nothing else can reach, and never from "unbound"; the callback given to Connect or Bind of a local that
    /// nothing else changes runs once the socket is connected (or bound), which is Node's documented pattern; a local
    /// function called only by name starts from what its call sites agree on (see FunctionFlow.InheritToChildren);</item>
    /// <item>a using's disposal closes the socket: closed states say nothing to code that runs later;</item>
    /// <item>fields count only when private and mentioned by no other member (constructor assignments aside).</item>
    /// </list>
    /// </summary>
    internal sealed partial class SocketStateFlow
    {
        private readonly DgramSymbols _symbols;
        private readonly ISymbol _owner;
        private readonly SyntaxNode _ownerSyntax;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<IFlowAnonymousFunctionOperation, Function> _lambdas = new Dictionary<IFlowAnonymousFunctionOperation, Function>();
        private readonly Dictionary<ISymbol, SiteCounts> _localFunctionSites = new Dictionary<ISymbol, SiteCounts>(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> _localFunctionsAsDelegates = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IFieldSymbol, bool> _fieldIsolation = new Dictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ImmutableArray<FlowFinding>.Builder _findings = ImmutableArray.CreateBuilder<FlowFinding>();

        private SocketStateFlow(DgramSymbols symbols, ISymbol owner, SyntaxNode ownerSyntax, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _owner = owner;
            _ownerSyntax = ownerSyntax;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Every flow finding in one executable block (a member body with its lambdas and local functions).</summary>
        public static ImmutableArray<FlowFinding> Analyze(ControlFlowGraph graph, ISymbol owner, DgramSymbols symbols, CancellationToken cancellationToken)
        {
            var flow = new SocketStateFlow(symbols, owner, graph.OriginalOperation.Syntax, cancellationToken);
            var root = flow.Collect(graph, parent: null, symbol: owner, isLocalFunction: false, creation: null);
            flow.CollectLocalFunctionSites(root);
            flow.CollectLocalFunctionCallers(root);
            flow.Run(root);
            return flow._findings.ToImmutable();
        }

        private void CollectLocalFunctionSites(Function function)
        {
            foreach (var child in function.Children)
            {
                if (child.IsLocalFunction)
                {
                    foreach (var pair in child.DeepSites)
                    {
                        _localFunctionSites.TryGetValue(pair.Key, out var existing);
                        _localFunctionSites[pair.Key] = existing.Add(pair.Value);
                    }
                }

                CollectLocalFunctionSites(child);
            }
        }

        private readonly Dictionary<IMethodSymbol, List<Function>> _localFunctionCallers = new Dictionary<IMethodSymbol, List<Function>>(SymbolEqualityComparer.Default);

        private void CollectLocalFunctionCallers(Function function)
        {
            foreach (var called in function.LocalFunctionCalls)
            {
                if (!_localFunctionCallers.TryGetValue(called, out var callers))
                {
                    callers = new List<Function>();
                    _localFunctionCallers[called] = callers;
                }

                callers.Add(function);
            }

            foreach (var child in function.Children)
            {
                CollectLocalFunctionCallers(child);
            }
        }

        /// <summary>True when a local function is called by name from <paramref name="function"/>'s own code only (not from nested functions, not as a delegate).</summary>
        private bool IsCalledOnlyBy(IMethodSymbol localFunction, Function function)
        {
            var definition = localFunction.OriginalDefinition;
            return !_localFunctionsAsDelegates.Contains(definition)
                && (!_localFunctionCallers.TryGetValue(definition, out var callers) || callers.TrueForAll(caller => caller == function));
        }

        private void Run(Function function)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            new FunctionFlow(this, function).Run();
            foreach (var child in function.Children)
            {
                Run(child);
            }
        }

        private void Report(FlowRule rule, ISymbol target, IOperation at, string member, string? detail)
        {
            if (target is IFieldSymbol field)
            {
                if (!_fieldIsolation.TryGetValue(field, out var isolated))
                {
                    isolated = FieldIsolation.IsOnlyUsedIn(field, _ownerSyntax, _cancellationToken);
                    _fieldIsolation[field] = isolated;
                }

                if (!isolated)
                {
                    return;
                }
            }

            _findings.Add(new FlowFinding(rule, at.Syntax.GetLocation(), target.Name, member, detail));
        }

        // ---------------------------------------------------------------------------------------------------------
        // What an operation is, seen from the sockets

        /// <summary>The socket variable an expression denotes: a local, parameter or field of this object, through flow
        /// captures and through calls that return the socket itself (<c>s.Bind().Unref()</c>). Null for anything else.</summary>
        private ISymbol? ResolveTarget(IOperation? operation, Function function)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when !local.Local.IsRef && _symbols.IsSocket(local.Type):
                    return local.Local;
                case IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None && _symbols.IsSocket(parameter.Type):
                    return parameter.Parameter;
                case IFieldReferenceOperation field when _symbols.IsSocket(field.Type) && IsOwnField(field):
                    return field.Field;
                case IFlowCaptureReferenceOperation capture:
                    return function.Captures.TryGetValue(capture.Id, out var captured) ? captured : null;
                case IInvocationOperation invocation when invocation.Instance is not null && _symbols.ReturnsSameSocket(invocation.TargetMethod):
                    return ResolveTarget(invocation.Instance, function);
                default:
                    return null;
            }
        }

        private static bool IsOwnField(IFieldReferenceOperation field)
            => field.Field.IsStatic || field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        /// <summary>A reference to a socket field through another object (<c>other._socket</c>): it may be this object's.</summary>
        private bool IsForeignSocketField(IOperation operation)
            => operation is IFieldReferenceOperation field && _symbols.IsSocket(field.Type) && !IsOwnField(field);

        /// <summary>True for the operations that denote a socket variable by themselves (not the call chains).</summary>
        private static bool IsVariableReference(IOperation operation)
            => operation is ILocalReferenceOperation
                or IParameterReferenceOperation
                or IFieldReferenceOperation
                or IFlowCaptureReferenceOperation;

        private enum Use
        {
            Harmless,
            AssignedTo,
            Escapes,
        }

        /// <summary>How a socket-valued expression is used by its parent. Everything not known to be harmless escapes.</summary>
        private Use UseOf(IOperation operation, bool isBranchValue)
        {
            var parent = operation.Parent;
            switch (parent)
            {
                case null:
                    // a statement whose value is dropped, or a block's branch value (a returned socket)
                    return isBranchValue ? Use.Escapes : Use.Harmless;
                case IInvocationOperation invocation when invocation.Instance == operation:
                    return _symbols.Classify(invocation.TargetMethod) is not null
                        || invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.System_Object
                        ? Use.Harmless
                        : Use.Escapes;
                case IPropertyReferenceOperation property when property.Instance == operation && _symbols.IsSocket(property.Property.ContainingType):
                    return Use.Harmless;
                case IEventReferenceOperation @event when @event.Instance == operation && _symbols.IsSocket(@event.Event.ContainingType):
                    return Use.Harmless;
                case IExpressionStatementOperation:
                case IFlowCaptureOperation:
                case IIsNullOperation:
                    return Use.Harmless;
                case IArgumentOperation argument when _symbols.IsTypedSendReceiver(argument):
                    return Use.Harmless;
                case ISimpleAssignmentOperation assignment when assignment.Target == operation:
                    return Use.AssignedTo;
                case IConversionOperation conversion when conversion.Conversion.IsReference || conversion.Conversion.IsIdentity:
                    return IsNullTest(conversion, conversion.Parent)
                        || conversion.Parent is IInvocationOperation dispose && dispose.Instance == conversion && _symbols.Classify(dispose, out _) == SocketMethodKind.Close
                        ? Use.Harmless
                        : Use.Escapes;
                default:
                    return IsNullTest(operation, parent) ? Use.Harmless : Use.Escapes;
            }
        }

        private static bool IsNullTest(IOperation operand, IOperation? parent)
        {
            switch (parent)
            {
                case IIsNullOperation:
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    var other = binary.LeftOperand == operand ? binary.RightOperand : binary.LeftOperand;
                    return ArgumentValues.IsNull(other);
                case IIsPatternOperation pattern when pattern.Value == operand:
                    return IsNullPattern(pattern.Pattern);
                default:
                    return false;
            }
        }

        private static bool IsNullPattern(IPatternOperation pattern)
            => pattern is IConstantPatternOperation constant && ArgumentValues.IsNull(constant.Value)
                || pattern is INegatedPatternOperation negated && IsNullPattern(negated.Pattern);

        /// <summary>The state of the socket an expression produces when it is assigned to a variable.</summary>
        private SocketState ValueState(IOperation value, Function function)
        {
            value = ArgumentValues.StripConversions(value);
            if (value is not IInvocationOperation invocation)
            {
                return default;
            }

            if (_symbols.IsCreateSocket(invocation.TargetMethod))
            {
                return SocketState.Fresh;
            }

            if (invocation.Instance is not null && _symbols.ReturnsSameSocket(invocation.TargetMethod) && ResolveTarget(invocation.Instance, function) is null)
            {
                var kind = _symbols.Classify(invocation.TargetMethod);
                return kind is null ? default : Transfer(ValueState(invocation.Instance, function), kind.Value);
            }

            return default;
        }

        /// <summary>What a socket method does to the state when it returns normally.</summary>
        private static SocketState Transfer(SocketState state, SocketMethodKind kind)
        {
            switch (kind)
            {
                case SocketMethodKind.Connect:
                    return state.WithConnect(ConnectState.ConnectPending).WithBind(BindState.BindStarted);
                case SocketMethodKind.Disconnect:
                    return state.WithConnect(ConnectState.NotConnected);
                case SocketMethodKind.Bind:
                case SocketMethodKind.Send:
                case SocketMethodKind.ImplicitBind:
                    return state.WithBind(BindState.BindStarted);
                case SocketMethodKind.Close:
                    return state.Close();
                case SocketMethodKind.Unknown:
                    return state.Forgotten();
                default:
                    return state;
            }
        }

        /// <summary>True for symbols declared in this compilation's source: the project's own code.</summary>
        private static bool IsSourceCode(ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A lambda given as an argument to a socket method runs after that call returns (it is a callback).</summary>
        private IInvocationOperation? SocketCallTakingCallback(IFlowAnonymousFunctionOperation lambda)
            => lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation invocation } }
                && _symbols.Classify(invocation, out _) is not null
                ? invocation
                : null;
    }
}

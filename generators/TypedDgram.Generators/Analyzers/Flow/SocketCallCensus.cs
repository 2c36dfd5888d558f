using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// A cheap record of the socket calls in one member, per socket variable, taken in one walk of the member's
    /// operations and shared by the flow analyzers. The flow analysis (which builds control-flow graphs) runs only
    /// for members where a rule could fire on some variable. It holds facts; each rule's gate over them (a necessary
    /// condition of its check, so a gate can only save work) sits in the rule's analyzer.
    /// </summary>
    internal sealed class SocketCallCensus
    {
        private static readonly ConditionalWeakTable<IOperation, SocketCallCensus> Cache = new ConditionalWeakTable<IOperation, SocketCallCensus>();

        private readonly DgramSymbols _symbols;
        private readonly ISymbol _owner;
        private readonly Dictionary<ISymbol, VariableCalls> _calls = new Dictionary<ISymbol, VariableCalls>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _created = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly List<(ISymbol Target, IOperation Call)> _needsBound = new List<(ISymbol, IOperation)>();
        private readonly List<(ISymbol Target, IOperation Subscription)> _listening = new List<(ISymbol, IOperation)>();
        private readonly Dictionary<ISymbol, int> _writes = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private bool _hasLabels;
        private readonly List<int> _creations = new List<int>();

        private SocketCallCensus(DgramSymbols symbols, ISymbol owner)
        {
            _symbols = symbols;
            _owner = owner;
        }

        /// <summary>The census of a member's operation blocks, taken once whichever flow analyzer asks first.</summary>
        public static SocketCallCensus For(ImmutableArray<IOperation> blocks, ISymbol owner, DgramSymbols symbols)
        {
            if (blocks.IsEmpty)
            {
                return new SocketCallCensus(symbols, owner);
            }

            if (Cache.TryGetValue(blocks[0], out var cached))
            {
                return cached;
            }

            var census = new SocketCallCensus(symbols, owner);
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            census.ObserveInvocation(invocation);
                            break;
                        case IEventAssignmentOperation assignment:
                            census.ObserveEventAssignment(assignment);
                            break;
                        case IVariableDeclaratorOperation { Initializer: not null } declarator:
                            census.CountWrite(declarator.Symbol);
                            break;
                        case ILocalReferenceOperation local when IsWrite(local):
                            census.CountWrite(local.Local);
                            break;
                        case ILabeledOperation:
                            census._hasLabels = true;
                            break;
                    }
                }
            }

            return Cache.GetValue(blocks[0], _ => census);
        }

        /// <summary>What one socket variable has done to it in the member.</summary>
        internal sealed class VariableCalls
        {
            public int Connects;
            public int Disconnects;
            public bool SendsWithDestination;

            /// <summary>Sends with no port.</summary>
            public List<IOperation> SendsWithoutDestination { get; } = new List<IOperation>();

            /// <summary>Calls that bind (explicitly or implicitly): Bind, Send, Connect, AddMembership.</summary>
            public List<IOperation> Binds { get; } = new List<IOperation>();

            public List<IOperation> ConnectCalls { get; } = new List<IOperation>();

            /// <summary>Disconnect and RemoteAddress calls.</summary>
            public List<IOperation> NeedConnection { get; } = new List<IOperation>();
        }

        private void ObserveInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsCreateSocket(method))
            {
                _creations.Add(invocation.Syntax.SpanStart);
                if (AssignedVariable(invocation) is { } local)
                {
                    _created.Add(local);
                }

                return;
            }

            if (_symbols.Classify(invocation, out var receiver) is not { } kind || Receiver(receiver) is not { } target)
            {
                return;
            }

            if (!_calls.TryGetValue(target, out var calls))
            {
                calls = new VariableCalls();
                _calls[target] = calls;
            }

            switch (kind)
            {
                case SocketMethodKind.Connect:
                    // a connect repeated by a loop counts twice
                    calls.Connects += IsInLoop(invocation) ? 2 : 1;
                    calls.Binds.Add(invocation);
                    calls.ConnectCalls.Add(invocation);
                    break;
                case SocketMethodKind.Disconnect:
                    calls.Disconnects++;
                    calls.NeedConnection.Add(invocation);
                    break;
                case SocketMethodKind.RemoteAddress:
                    calls.NeedConnection.Add(invocation);
                    break;
                case SocketMethodKind.Send:
                    calls.SendsWithDestination |= ArgumentValues.IsGiven(ArgumentValues.Find(invocation, "port"))
                        || ArgumentValues.IsGiven(ArgumentValues.Find(invocation, "address"));
                    if (!ArgumentValues.IsGiven(ArgumentValues.Find(invocation, "port")))
                    {
                        calls.SendsWithoutDestination.Add(invocation);
                    }

                    calls.Binds.Add(invocation);
                    break;
                case SocketMethodKind.Bind:
                case SocketMethodKind.ImplicitBind:
                    calls.Binds.Add(invocation);
                    break;
                case SocketMethodKind.NeedsBound:
                    _needsBound.Add((target, invocation));
                    break;
            }
        }

        private void ObserveEventAssignment(IEventAssignmentOperation assignment)
        {
            if (assignment.Adds
                && assignment.EventReference is IEventReferenceOperation reference
                && reference.Event.Name == "Listening"
                && _symbols.IsSocket(reference.Event.ContainingType)
                && Receiver(reference.Instance) is { } target)
            {
                _listening.Add((target, assignment));
            }
        }

        // What the flow rules' operation gates read (each rule's gate is in its analyzer: ConnectedSendAnalyzer.CouldFire, ...)

        /// <summary>Every socket variable the member calls socket methods on, with those calls.</summary>
        public IEnumerable<KeyValuePair<ISymbol, VariableCalls>> Variables => _calls;

        /// <summary>The calls made on one socket variable, if any.</summary>
        public VariableCalls? CallsOn(ISymbol variable) => _calls.TryGetValue(variable, out var calls) ? calls : null;

        /// <summary>Whether the member stores a new socket (Dgram.CreateSocket) in the variable.</summary>
        public bool Creates(ISymbol variable) => _created.Contains(variable);

        /// <summary>The calls that need a bound socket, with the variable each is made on.</summary>
        public IReadOnlyList<(ISymbol Target, IOperation Call)> NeedsBound => _needsBound;

        /// <summary>The Listening subscriptions, with the variable each is made on.</summary>
        public IReadOnlyList<(ISymbol Target, IOperation Subscription)> ListeningSubscriptions => _listening;

        /// <summary>Whether a Dgram.CreateSocket call is written inside this operation's syntax.</summary>
        public bool CreatesSocketWithin(IOperation operation)
        {
            foreach (var creation in _creations)
            {
                if (operation.Syntax.Span.Contains(creation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The innermost lambda a call is written in, or null.</summary>
        public static IAnonymousFunctionOperation? EnclosingLambda(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation lambda)
                {
                    return lambda;
                }
            }

            return null;
        }

        /// <summary>Whether the member has labels.</summary>
        public bool HasLabels => _hasLabels;

        /// <summary>The member the census is of.</summary>
        public ISymbol Owner => _owner;

        /// <summary>The socket variable a call is made on: a local, parameter or field of this object, through calls that return the socket.</summary>
        private ISymbol? Receiver(IOperation? instance)
        {
            switch (instance)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field when field.Field.IsStatic || field.Instance is IInstanceReferenceOperation:
                    return field.Field;
                case IInvocationOperation invocation when _symbols.ReturnsSameSocket(invocation.TargetMethod):
                    return Receiver(invocation.Instance);
                case IConditionalAccessInstanceOperation:
                    for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
                    {
                        if (parent is IConditionalAccessOperation access)
                        {
                            return Receiver(access.Operation);
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The variable a new socket is stored in (<c>var s = Dgram.CreateSocket(...)</c>, possibly with chained calls,
        /// or <c>_socket = Dgram.CreateSocket(...)</c>).
        /// </summary>
        private ISymbol? AssignedVariable(IOperation creation)
        {
            var value = creation;
            while (value.Parent is IInvocationOperation chained && chained.Instance == value && _symbols.ReturnsSameSocket(chained.TargetMethod)
                || value.Parent is IConversionOperation)
            {
                value = value.Parent!;
            }

            switch (value.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return declarator.Symbol;
                case ISimpleAssignmentOperation assignment when assignment.Value == value:
                    return Receiver(assignment.Target);
                default:
                    return null;
            }
        }

        /// <summary>
        /// True when <paramref name="call"/> can only run after one of <paramref name="before"/> returned: that call is
        /// a statement of a block, and <paramref name="call"/> is inside a later statement of the same block (same
        /// function, no labels to jump in, the variable assigned only once so it is still the same socket).
        /// </summary>
        public bool IsSurelyPreceded(IOperation call, ISymbol target, List<IOperation> before)
        {
            if (before.Count == 0 || _hasLabels || !_writes.TryGetValue(target, out var writes) || writes != 1)
            {
                return false;
            }

            foreach (var earlier in before)
            {
                var statement = earlier.Parent is IAwaitOperation awaited ? awaited.Parent : earlier.Parent;
                if (statement is not IExpressionStatementOperation { Parent: IBlockOperation block })
                {
                    continue;
                }

                var index = block.Operations.IndexOf(statement);
                for (var node = call; node.Parent is not null; node = node.Parent)
                {
                    if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }

                    if (node.Parent == block)
                    {
                        if (block.Operations.IndexOf(node) > index)
                        {
                            return true;
                        }

                        break;
                    }
                }
            }

            return false;
        }

        private void CountWrite(ISymbol variable)
        {
            _writes.TryGetValue(variable, out var writes);
            _writes[variable] = writes + 1;
        }

        /// <summary>A write of the local: assignment, increment, ref/out argument, deconstruction, or a declaration.</summary>
        private static bool IsWrite(ILocalReferenceOperation local)
            => local.Parent is IAssignmentOperation assignment && assignment.Target == local
                || local.Parent is IIncrementOrDecrementOperation
                || local.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In }
                || local.Parent is ITupleOperation
                || local.IsDeclaration;

        /// <summary>The lambda or local function a call is written in, or the member.</summary>
        public ISymbol EnclosingFunction(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                }
            }

            return _owner;
        }

        public static bool IsInLoop(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is ILoopOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Analyzers.Syntax;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The first, cheapest filter of the flow rules: the names of the calls a member makes, read from its syntax in
    /// one walk, with no symbol looked at. Most members that use sockets cannot hold any flow finding (a send with
    /// no connect anywhere, an option on a socket the member does not create), and for them this is all the flow
    /// rules cost: no operation walk, no control-flow graph. It holds facts; each flow rule's gate over them sits in
    /// the rule's analyzer, next to its operation gate and its check. Names only, so different variables with one name
    /// merge, which can only let more members through.
    /// </summary>
    internal sealed class SocketSyntaxCensus
    {
        private static readonly ConditionalWeakTable<SyntaxNode, SocketSyntaxCensus> Cache = new ConditionalWeakTable<SyntaxNode, SocketSyntaxCensus>();

        private bool _needsBoundInLocalFunction;
        private readonly List<SyntaxNode> _needsBoundLambdas = new List<SyntaxNode>();
        private readonly List<int> _socketCreations = new List<int>();
        private int _connects;
        private bool _connectInLoop;
        private bool _disconnects;
        private readonly List<InvocationExpressionSyntax> _remoteAddresses = new List<InvocationExpressionSyntax>();
        private bool _sendMayHaveDestination;
        private bool _sendMayLackDestination;
        private readonly List<InvocationExpressionSyntax> _needsBoundInBody = new List<InvocationExpressionSyntax>();
        private SyntaxNode? _executable;
        private bool _hasLabels;
        private int _firstBind = int.MaxValue;
        private bool _listeningInLoop;
        private bool _listeningInFunction;
        private int _lastListening = -1;

        /// <summary>
        /// The census of a member's executable syntax (a member declaration, a top-level statements compilation unit,
        /// a type with a primary constructor, an initializer), read once whichever flow analyzer asks first. Nested
        /// member declarations (the members of a type, the types after top-level statements) are not part of it.
        /// </summary>
        public static SocketSyntaxCensus For(SyntaxNode executable)
        {
            if (Cache.TryGetValue(executable, out var cached))
            {
                return cached;
            }

            var census = new SocketSyntaxCensus();
            foreach (var node in executable.DescendantNodesAndSelf(child => child == executable || child is not MemberDeclarationSyntax || child is GlobalStatementSyntax))
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation:
                        census.ObserveInvocation(invocation);
                        break;
                    case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression):
                        census.ObserveSubscription(assignment);
                        break;
                    case LabeledStatementSyntax:
                        census._hasLabels = true;
                        break;
                }
            }

            census._executable = executable;
            return Cache.GetValue(executable, _ => census);
        }

        // What the flow rules' syntax gates read (each rule's gate is in its analyzer: ConnectedSendAnalyzer.MayFire, ...)

        /// <summary>How many Connect or ConnectAsync calls the member makes.</summary>
        public int Connects => _connects;

        /// <summary>Whether a connect is written inside a loop.</summary>
        public bool ConnectInLoop => _connectInLoop;

        /// <summary>Whether the member calls Disconnect.</summary>
        public bool Disconnects => _disconnects;

        /// <summary>Whether the member calls Dgram.CreateSocket.</summary>
        public bool CreatesSockets => _socketCreations.Count > 0;

        /// <summary>Whether a send may give a port or an address (<see cref="MayGiveDestination"/>).</summary>
        public bool SendMayHaveDestination => _sendMayHaveDestination;

        /// <summary>Whether a send may give no port (<see cref="SurelyGivesPort"/>).</summary>
        public bool SendMayLackDestination => _sendMayLackDestination;

        /// <summary>The RemoteAddress calls.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> RemoteAddresses => _remoteAddresses;

        /// <summary>The calls that need a bound socket written in the member's own body.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> NeedsBoundInBody => _needsBoundInBody;

        /// <summary>
        /// Whether a call that needs a bound socket is written in a local function (outside any lambda), or in a lambda
        /// that creates a socket itself: a lambda never learns "unbound" from around it, so only a socket created in it
        /// can be unbound there.
        /// </summary>
        public bool NeedsBoundInFunction
        {
            get
            {
                if (_needsBoundInLocalFunction)
                {
                    return true;
                }

                foreach (var lambda in _needsBoundLambdas)
                {
                    foreach (var creation in _socketCreations)
                    {
                        if (lambda.Span.Contains(creation))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        /// <summary>Whether a Listening subscription ends after the first binding call starts, in the text.</summary>
        public bool ListeningAfterABindInText => _lastListening >= 0 && _firstBind != int.MaxValue && _firstBind < _lastListening;

        /// <summary>Whether the member has both a Listening subscription and a binding call.</summary>
        public bool SubscribesAndBinds => _lastListening >= 0 && _firstBind != int.MaxValue;

        /// <summary>Whether a Listening subscription is written in a loop, a lambda or a local function.</summary>
        public bool ListeningInLoopOrFunction => _listeningInLoop || _listeningInFunction;

        /// <summary>Whether the member has labels (a goto may reach any of them, so text order says nothing).</summary>
        public bool HasLabels => _hasLabels;

        /// <summary>
        /// Whether a call in the member's body surely runs after a connect (<paramref name="byConnect"/>) or a bind of the
        /// same local (<see cref="SurelyPrecededSyntax"/>, which binds the calls: not cached with the syntax, as another
        /// compilation may bind them elsewhere).
        /// </summary>
        public bool IsSurelyPreceded(InvocationExpressionSyntax call, bool byConnect, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => !_hasLabels && SurelyPrecededSyntax.IsSurelyPreceded(call, _executable!, byConnect, model, symbols, cancellationToken);

        private void ObserveInvocation(InvocationExpressionSyntax invocation)
        {
            switch (CallSyntax.CalledName(invocation.Expression))
            {
                case "Connect":
                case "ConnectAsync":
                    _connects++;
                    _connectInLoop |= IsInLoop(invocation);
                    ObserveBind(invocation);
                    break;
                case "Send":
                case "SendAsync":
                    _sendMayHaveDestination |= MayGiveDestination(invocation.ArgumentList);
                    _sendMayLackDestination |= !SurelyGivesPort(invocation.ArgumentList);
                    ObserveBind(invocation);
                    break;
                case "Bind":
                case "BindAsync":
                case "AddMembership":
                case "AddSourceSpecificMembership":
                    ObserveBind(invocation);
                    break;
                case "Disconnect":
                    _disconnects = true;
                    break;
                case "RemoteAddress":
                    _remoteAddresses.Add(invocation);
                    break;
                case "CreateSocket":
                    _socketCreations.Add(invocation.SpanStart);
                    break;
                case string name when SocketMethods.Classify(name) == SocketMethodKind.NeedsBound:
                    if (EnclosingLambda(invocation) is { } lambda)
                    {
                        _needsBoundLambdas.Add(lambda);
                    }
                    else if (EnclosingFunction(invocation) is not null)
                    {
                        _needsBoundInLocalFunction = true;
                    }
                    else
                    {
                        _needsBoundInBody.Add(invocation);
                    }

                    break;
            }
        }

        private void ObserveBind(InvocationExpressionSyntax invocation)
        {
            if (invocation.SpanStart < _firstBind)
            {
                _firstBind = invocation.SpanStart;
            }
        }

        private void ObserveSubscription(AssignmentExpressionSyntax assignment)
        {
            if (CallSyntax.CalledName(assignment.Left) != "Listening")
            {
                return;
            }

            _listeningInLoop |= IsInLoop(assignment);
            _listeningInFunction |= EnclosingFunction(assignment) is not null;
            if (assignment.Span.End > _lastListening)
            {
                _lastListening = assignment.Span.End;
            }
        }

        /// <summary>
        /// A port or an address can only be given as a second argument or later that is not a lambda (the message
        /// comes first; callbacks are lambdas or method groups, and a method group passes too).
        /// </summary>
        private static bool MayGiveDestination(ArgumentListSyntax arguments)
        {
            var values = 0;
            foreach (var argument in arguments.Arguments)
            {
                if (CallSyntax.NameOf(argument) is "port" or "address")
                {
                    return true;
                }

                if (!CallSyntax.IsFunction(argument))
                {
                    values++;
                }
            }

            return values >= 2;
        }

        /// <summary>
        /// A port is surely given when it is named (and not null), or when a string literal follows the message
        /// positionally: the only string parameter after the message is the address, which comes after the port.
        /// </summary>
        private static bool SurelyGivesPort(ArgumentListSyntax arguments)
        {
            for (var i = 0; i < arguments.Arguments.Count; i++)
            {
                var argument = arguments.Arguments[i];
                var name = CallSyntax.NameOf(argument);
                if (name == "port")
                {
                    return !CallSyntax.IsNullOrDefault(argument.Expression);
                }

                if (name is null && i >= 1 && argument.Expression.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The innermost lambda around a node, or null when none is.</summary>
        private static SyntaxNode? EnclosingLambda(SyntaxNode node)
        {
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is AnonymousFunctionExpressionSyntax)
                {
                    return parent;
                }
            }

            return null;
        }

        /// <summary>The innermost lambda or local function around a node, or null in the member's own body.</summary>
        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return parent;
                }
            }

            return null;
        }

        private static bool IsInLoop(SyntaxNode node)
        {
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is ForStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

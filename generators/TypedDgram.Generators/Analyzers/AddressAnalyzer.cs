using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Syntax;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0006: a constant address that cannot work: a membership group that is not multicast, a source address
    /// that is, an invalid IP literal (where only literals are accepted, or where the text can only be meant as
    /// one), and an IPv6 address on a socket the source creates as "udp4".
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AddressAnalyzer : SocketCallAnalyzer
    {
        private enum Role
        {
            Group,
            Source,
            Interface,
            Host,
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.AddressCannotWork);

        internal override bool WatchesObjectCreations => true;

        /// <summary>
        /// Only an address that may be a constant with a problem in its role can be reported: an unknown value, an
        /// invalid literal, a group that is not multicast, a source that is, or an address of the other family on a
        /// socket whose type the source may fix (<see cref="SocketTypeSyntax"/>, on the receiver and, for a typed send
        /// in static form, the first argument).
        /// </summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            var arguments = call.ArgumentList.Arguments;
            string[] roles;
            switch (name)
            {
                case "AddMembership":
                case "DropMembership":
                    roles = new[] { "multicastAddress", "multicastInterface" };
                    break;
                case "AddSourceSpecificMembership":
                case "DropSourceSpecificMembership":
                    roles = new[] { "sourceAddress", "groupAddress", "multicastInterface" };
                    break;
                case "SetMulticastInterface":
                    roles = new[] { "multicastInterface" };
                    break;
                case "Bind":
                case "BindAsync":
                case "Send":
                case "SendAsync":
                case "Connect":
                case "ConnectAsync":
                    roles = System.Array.Empty<string>();
                    break;
                default:
                    return false;
            }

            var isSend = name is "Send" or "SendAsync";
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (CallSyntax.IsFunction(argument))
                {
                    continue;
                }

                var parameter = CallSyntax.NameOf(argument) ?? (i < roles.Length ? roles[i] : null);
                Role role;
                switch (parameter)
                {
                    case "multicastAddress":
                    case "groupAddress":
                        role = Role.Group;
                        break;
                    case "sourceAddress":
                        role = Role.Source;
                        break;
                    case "multicastInterface":
                        role = Role.Interface;
                        break;
                    default:
                        // the message of a send is never the address (it is first, or named)
                        if (roles.Length > 0 || isSend && (parameter == "msg" || parameter is null && i == 0))
                        {
                            continue;
                        }

                        role = Role.Host;
                        break;
                }

                if (MayHaveProblem(argument.Expression, role, name == "SetMulticastInterface", call, isSend))
                {
                    return true;
                }
            }

            return false;
        }

        internal override bool MayReport(BaseObjectCreationExpressionSyntax creation)
            => InitializerValue(creation, "Address") is { } address && MayHaveProblem(address, Role.Host, setsInterface: false, call: null, isSend: false);

        private static bool MayHaveProblem(ExpressionSyntax expression, Role role, bool setsInterface, InvocationExpressionSyntax? call, bool isSend)
        {
            var constant = SyntaxConstant.Classify(expression);
            if (constant.IsUnknown)
            {
                return true;
            }

            if (!constant.TryGetString(out var text))
            {
                return false;
            }

            IpFamily family;
            byte[] bytes;
            if (role == Role.Host)
            {
                if (IpLiteral.IsInvalidLiteralForHost(text))
                {
                    return true;
                }

                if (!IpLiteral.TryParse(text, out family, out bytes))
                {
                    return false;
                }
            }
            else if (!IpLiteral.TryParse(text, out family, out bytes))
            {
                return true;
            }

            return family == IpFamily.V6 && call is not null && SocketMayBe(call, "udp4", isSend)
                || setsInterface && family == IpFamily.V4 && call is not null && SocketMayBe(call, "udp6", isSend)
                || role == Role.Group && !IpLiteral.IsMulticast(family, bytes)
                || role == Role.Source && IpLiteral.IsMulticast(family, bytes);
        }

        private static bool SocketMayBe(InvocationExpressionSyntax call, string type, bool isSend)
        {
            var receiver = CallSyntax.StripParentheses(call.Expression) is MemberAccessExpressionSyntax access ? access.Expression : null;
            var first = isSend && call.ArgumentList.Arguments.Count > 0 ? call.ArgumentList.Arguments[0].Expression : null;
            return SocketTypeSyntax.MayBe(receiver, type) || SocketTypeSyntax.MayBe(first, type);
        }

        internal override void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (symbols.Classify(invocation, out var receiver) is not { } kind)
            {
                return;
            }

            switch (method.Name)
            {
                case "AddMembership":
                case "DropMembership":
                    Check(context, invocation, receiver, symbols, "multicastAddress", Role.Group);
                    Check(context, invocation, receiver, symbols, "multicastInterface", Role.Interface);
                    break;
                case "AddSourceSpecificMembership":
                case "DropSourceSpecificMembership":
                    Check(context, invocation, receiver, symbols, "sourceAddress", Role.Source);
                    Check(context, invocation, receiver, symbols, "groupAddress", Role.Group);
                    Check(context, invocation, receiver, symbols, "multicastInterface", Role.Interface);
                    break;
                case "SetMulticastInterface":
                    Check(context, invocation, receiver, symbols, "multicastInterface", Role.Interface);
                    break;
                default:
                    if (kind is SocketMethodKind.Bind or SocketMethodKind.Send or SocketMethodKind.Connect)
                    {
                        Check(context, invocation, receiver, symbols, "address", Role.Host);
                    }

                    break;
            }
        }

        internal override void AnalyzeObjectCreation(SyntaxNodeAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
        {
            if (InitializerValue(creation, "Address") is { } address && ArgumentValues.TryGetString(address, out var text))
            {
                var problem = Problem(text, Role.Host, socketType: null, setsInterface: false);
                if (problem is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AddressCannotWork, address.Syntax.GetLocation(), text, "the address of BindOptions", problem));
                }
            }
        }

        private static void Check(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, IOperation? receiver, DgramSymbols symbols, string parameter, Role role)
        {
            var argument = ArgumentValues.Find(invocation, parameter);
            if (argument is null || !ArgumentValues.IsExplicit(argument) || !ArgumentValues.TryGetString(argument.Value, out var text))
            {
                return;
            }

            var name = invocation.TargetMethod.Name;
            // the socket type is looked up only when it can matter (an IPv6 literal, or the interface of a udp6 socket)
            var socketType = text.IndexOf(':') >= 0 || role == Role.Interface && name == "SetMulticastInterface"
                ? SocketTypeResolver.TryGetType(receiver, symbols)
                : null;
            var problem = Problem(text, role, socketType, setsInterface: name == "SetMulticastInterface");
            if (problem is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AddressCannotWork, argument.Value.Syntax.GetLocation(), text, Describe(role, name), problem));
            }
        }

        private static string? Problem(string text, Role role, string? socketType, bool setsInterface)
        {
            IpFamily family;
            byte[] bytes;
            if (role == Role.Host)
            {
                if (IpLiteral.IsInvalidLiteralForHost(text))
                {
                    return "it is not a valid IP address";
                }

                if (!IpLiteral.TryParse(text, out family, out bytes))
                {
                    return null;
                }
            }
            else if (!IpLiteral.TryParse(text, out family, out bytes))
            {
                return "it is not a valid IP address, and this call takes only IP literals (no host names)";
            }

            if (socketType == "udp4" && family == IpFamily.V6)
            {
                return "it is an IPv6 address and the socket is created as \"udp4\"";
            }

            if (setsInterface && socketType == "udp6" && family == IpFamily.V4)
            {
                return "it is an IPv4 address and the socket is created as \"udp6\" (use an IPv6 address with a scope, such as \"::%eth1\")";
            }

            if (role == Role.Group && !IpLiteral.IsMulticast(family, bytes))
            {
                return "it is not a multicast group address (224.0.0.0/4 or ff00::/8)";
            }

            if (role == Role.Source && IpLiteral.IsMulticast(family, bytes))
            {
                return "a source address must be a unicast address, not a multicast group";
            }

            return null;
        }

        private static string Describe(Role role, string method) => role switch
        {
            Role.Group => "the multicast group of " + method,
            Role.Source => "the source address of " + method,
            Role.Interface => "the interface of " + method,
            _ => "the address of " + method,
        };
    }
}

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
        /// IPv6 literal (the socket type decides), an invalid literal, a group that is not multicast. Source-specific
        /// calls and SetMulticastInterface (whose problems depend on more than the text) are always let through.
        /// </summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            var arguments = call.ArgumentList.Arguments;
            switch (name)
            {
                case "AddSourceSpecificMembership":
                case "DropSourceSpecificMembership":
                case "SetMulticastInterface":
                    return true;
                case "AddMembership":
                case "DropMembership":
                    for (var i = 0; i < arguments.Count; i++)
                    {
                        var role = (CallSyntax.NameOf(arguments[i]) ?? (i == 0 ? "multicastAddress" : "multicastInterface")) == "multicastAddress" ? Role.Group : Role.Interface;
                        if (!CallSyntax.IsFunction(arguments[i]) && MayHaveProblem(arguments[i].Expression, role))
                        {
                            return true;
                        }
                    }

                    return false;
                case "Bind":
                case "BindAsync":
                case "Send":
                case "SendAsync":
                case "Connect":
                case "ConnectAsync":
                    for (var i = 0; i < arguments.Count; i++)
                    {
                        // the message of a send is never the address (it is first, or named)
                        var isMessage = name.StartsWith("Send", System.StringComparison.Ordinal)
                            && (CallSyntax.NameOf(arguments[i]) is { } given ? given == "msg" : i == 0);
                        if (!isMessage && !CallSyntax.IsFunction(arguments[i]) && MayHaveProblem(arguments[i].Expression, Role.Host))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        internal override bool MayReport(BaseObjectCreationExpressionSyntax creation)
            => InitializerValue(creation, "Address") is { } address && MayHaveProblem(address, Role.Host);

        private static bool MayHaveProblem(ExpressionSyntax expression, Role role)
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

            if (text.IndexOf(':') >= 0)
            {
                return true;
            }

            if (role == Role.Host)
            {
                return IpLiteral.IsInvalidLiteralForHost(text);
            }

            return !IpLiteral.TryParse(text, out var family, out var bytes) || role == Role.Group && !IpLiteral.IsMulticast(family, bytes);
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

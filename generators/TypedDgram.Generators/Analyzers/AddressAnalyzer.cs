using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Syntax;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0006: a constant address that cannot work: a membership group that is not multicast, a source address
    /// that is, an invalid IP literal (where only literals are accepted, or where the text can only be meant as
    /// one), an IPv6 address on a socket the source creates as "udp4", an IPv4 destination on one created as "udp6"
    /// with Ipv6Only, and a group whose interface or source is of the other family. The same for the constant
    /// initializers of <c>BindOptions</c>, <c>MulticastOptions</c> and the hosting <c>DatagramEndpointOptions</c>.
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
                    if (MayMixFamilies(arguments))
                    {
                        return true;
                    }

                    break;
                case "AddSourceSpecificMembership":
                case "DropSourceSpecificMembership":
                    roles = new[] { "sourceAddress", "groupAddress", "multicastInterface" };
                    if (MayMixFamilies(arguments))
                    {
                        return true;
                    }

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

        /// <summary>The address properties of the options types, and their roles.</summary>
        private static readonly (string Property, Role Role)[] OptionAddresses =
        {
            ("Address", Role.Host),
            ("Group", Role.Group),
            ("Interface", Role.Interface),
            ("Source", Role.Source),
            ("MulticastGroup", Role.Group),
            ("MulticastInterface", Role.Interface),
        };

        /// <summary>
        /// An options initializer can be reported when an address in it may have a problem in its role, or when two
        /// literals (or a literal and the socket type) may be of different families.
        /// </summary>
        internal override bool MayReport(BaseObjectCreationExpressionSyntax creation)
        {
            var literals = 0;
            foreach (var (property, role) in OptionAddresses)
            {
                if (InitializerValue(creation, property) is not { } value)
                {
                    continue;
                }

                var constant = SyntaxConstant.Classify(value);
                if (constant.IsUnknown || MayHaveProblem(value, role, setsInterface: false, call: null, isSend: false))
                {
                    return true;
                }

                if (constant.TryGetString(out var text) && IpLiteral.TryParse(text, out _, out _))
                {
                    literals++;
                }
            }

            return literals >= 2 || literals == 1 && InitializerValue(creation, "Type") is not null;
        }

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
                || (setsInterface || role == Role.Host) && family == IpFamily.V4 && call is not null && SocketMayBe(call, "udp6", isSend)
                || role == Role.Group && !IpLiteral.IsMulticast(family, bytes)
                || role == Role.Source && IpLiteral.IsMulticast(family, bytes);
        }

        /// <summary>Two IP literals of different families among a membership call's arguments.</summary>
        private static bool MayMixFamilies(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            IpFamily? seen = null;
            foreach (var argument in arguments)
            {
                if (SyntaxConstant.Classify(argument.Expression).TryGetString(out var text) && IpLiteral.TryParse(text, out var family, out _))
                {
                    if (seen is { } first && first != family)
                    {
                        return true;
                    }

                    seen = family;
                }
            }

            return false;
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
                {
                    var group = Check(context, invocation, receiver, symbols, "multicastAddress", Role.Group);
                    var nic = Check(context, invocation, receiver, symbols, "multicastInterface", Role.Interface);
                    CheckSameFamily(context, group, nic, "the interface of " + method.Name);
                    break;
                }

                case "AddSourceSpecificMembership":
                case "DropSourceSpecificMembership":
                {
                    var source = Check(context, invocation, receiver, symbols, "sourceAddress", Role.Source);
                    var group = Check(context, invocation, receiver, symbols, "groupAddress", Role.Group);
                    var nic = Check(context, invocation, receiver, symbols, "multicastInterface", Role.Interface);
                    CheckSameFamily(context, group, source, "the source address of " + method.Name);
                    CheckSameFamily(context, group, nic, "the interface of " + method.Name);
                    break;
                }

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

        /// <summary>
        /// The addresses of an options initializer, each in its role, and the pairs that must share a family: a
        /// group and its interface or source. The hosting options' Type is read only when the initializer sets it
        /// (its "udp4" default may be changed later, by configuration); <c>SocketOptions</c> has no address.
        /// </summary>
        internal override void AnalyzeObjectCreation(SyntaxNodeAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
        {
            var owner = creation.Type!.Name;
            switch (symbols.OptionsKind(creation.Type))
            {
                case OptionsType.Bind:
                    CheckOption(context, creation, "Address", Role.Host, null, "the address of " + owner);
                    break;
                case OptionsType.Multicast:
                {
                    var group = CheckOption(context, creation, "Group", Role.Group, null, "the group of " + owner);
                    var nic = CheckOption(context, creation, "Interface", Role.Interface, null, "the interface of " + owner);
                    var source = CheckOption(context, creation, "Source", Role.Source, null, "the source of " + owner);
                    CheckSameFamily(context, group, nic, "the interface of " + owner);
                    CheckSameFamily(context, group, source, "the source of " + owner);
                    break;
                }

                case OptionsType.Endpoint:
                {
                    var type = ArgumentValues.TryGetString(InitializerValue(creation, "Type"), out var constantType) && constantType is "udp4" or "udp6" ? constantType : null;
                    CheckOption(context, creation, "Address", Role.Host, type, "the address of " + owner);
                    var group = CheckOption(context, creation, "MulticastGroup", Role.Group, type, "the multicast group of " + owner);
                    var nic = CheckOption(context, creation, "MulticastInterface", Role.Interface, type, "the multicast interface of " + owner);
                    CheckSameFamily(context, group, nic, "the multicast interface of " + owner);
                    break;
                }
            }
        }

        /// <summary>A constant IP literal that has no problem in its role: its text, family and where it is.</summary>
        private readonly struct Literal
        {
            public Literal(string text, IpFamily family, IOperation value)
            {
                Text = text;
                Family = family;
                Value = value;
            }

            public string Text { get; }

            public IpFamily Family { get; }

            public IOperation Value { get; }
        }

        private static Literal? CheckOption(SyntaxNodeAnalysisContext context, IObjectCreationOperation creation, string property, Role role, string? socketType, string description)
        {
            if (InitializerValue(creation, property) is not { } value || !ArgumentValues.TryGetString(value, out var text))
            {
                return null;
            }

            return Report(context, value, text, Problem(text, role, socketType, setsInterface: false, ipv6Only: false), description);
        }

        /// <summary>A group's interface or source of the other family: the system refuses the membership (EINVAL).</summary>
        private static void CheckSameFamily(SyntaxNodeAnalysisContext context, Literal? group, Literal? other, string description)
        {
            if (group is { } g && other is { } o && g.Family != o.Family)
            {
                var problem = $"it is an {Name(o.Family)} address and the group \"{g.Text}\" is {Name(g.Family)}; both must be of one family, or joining fails with EINVAL";
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AddressCannotWork, o.Value.Syntax.GetLocation(), o.Text, description, problem));
            }
        }

        private static string Name(IpFamily family) => family == IpFamily.V4 ? "IPv4" : "IPv6";

        private static Literal? Report(SyntaxNodeAnalysisContext context, IOperation value, string text, string? problem, string description)
        {
            if (problem is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AddressCannotWork, value.Syntax.GetLocation(), text, description, problem));
                return null;
            }

            return IpLiteral.TryParse(text, out var family, out _) ? new Literal(text, family, value) : null;
        }

        private static Literal? Check(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, IOperation? receiver, DgramSymbols symbols, string parameter, Role role)
        {
            var argument = ArgumentValues.Find(invocation, parameter);
            if (argument is null || !ArgumentValues.IsExplicit(argument) || !ArgumentValues.TryGetString(argument.Value, out var text))
            {
                return null;
            }

            var name = invocation.TargetMethod.Name;
            // the socket type is looked up only when it can matter: an IPv6 literal, the interface of a udp6 socket, or
            // an IPv4 destination of a udp6 socket (with Ipv6Only)
            var ipv6Only = false;
            var socketType = text.IndexOf(':') >= 0 || role == Role.Interface && name == "SetMulticastInterface" || role == Role.Host && text.IndexOf('.') >= 0
                ? SocketTypeResolver.TryGetType(receiver, symbols, out ipv6Only)
                : null;
            var problem = Problem(text, role, socketType, setsInterface: name == "SetMulticastInterface", ipv6Only);
            return Report(context, argument.Value, text, problem, Describe(role, name));
        }

        private static string? Problem(string text, Role role, string? socketType, bool setsInterface, bool ipv6Only)
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

            if (role == Role.Host && socketType == "udp6" && ipv6Only && family == IpFamily.V4)
            {
                return "it is an IPv4 address and the socket is created as \"udp6\" with Ipv6Only, which reaches IPv6 addresses only";
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

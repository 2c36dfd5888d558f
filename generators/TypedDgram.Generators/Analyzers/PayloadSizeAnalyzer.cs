using System.Collections.Immutable;
using System.Globalization;
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
    /// TDG0008: a payload the source fixes that is larger than a UDP datagram can carry (65,507 bytes over IPv4,
    /// 65,527 over IPv6: an error, EMSGSIZE), and a warning for a multicast destination above what fits one
    /// 1,500-byte Ethernet frame (1,472 bytes over IPv4, 1,452 over IPv6), where a lost fragment loses the datagram.
    /// When the family is unknown the larger IPv6 limit is used, so the error is never a guess.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PayloadSizeAnalyzer : SocketCallAnalyzer
    {
        private const int MaxIPv4Payload = 65_507;
        private const int MaxIPv6Payload = 65_527;
        private const int FrameIPv4Payload = 1_472;
        private const int FrameIPv6Payload = 1_452;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }
            = ImmutableArray.Create(DiagnosticDescriptors.PayloadTooLarge, DiagnosticDescriptors.MulticastPayloadFragments);

        /// <summary>
        /// Only a send whose length or message may be larger than one frame can be reported: see
        /// <see cref="PayloadSyntax"/>. The message is the first argument, or the second in the static form of a typed
        /// send (<c>DgramSocketMessaging.Send(socket, msg, ...)</c>); the length is the third.
        /// </summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            if (name is not ("Send" or "SendAsync"))
            {
                return false;
            }

            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (CallSyntax.IsFunction(argument))
                {
                    continue;
                }

                var given = CallSyntax.NameOf(argument);
                if ((given is null ? i <= 1 : given == "msg") && PayloadSyntax.MayBeLarge(argument.Expression, FrameIPv6Payload)
                    || (given is null ? i == 2 : given == "length") && PayloadSyntax.MayBeLargeLength(argument.Expression, FrameIPv6Payload))
                {
                    return true;
                }
            }

            return false;
        }

        internal override void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
        {
            if (symbols.Classify(invocation.TargetMethod) != SocketMethodKind.Send)
            {
                return;
            }

            var message = ArgumentValues.Find(invocation, "msg");
            var length = ArgumentValues.Find(invocation, "length");
            IOperation sized;
            long size;
            if (ArgumentValues.IsGiven(length))
            {
                // with an offset and length, the datagram is exactly `length` bytes
                if (!ArgumentValues.TryGetInteger(length!.Value, out size))
                {
                    return;
                }

                sized = length.Value;
            }
            else if (message is not null && PayloadSizes.TryGetMinimum(message.Value, out size))
            {
                sized = message.Value;
            }
            else
            {
                return;
            }

            if (size <= FrameIPv6Payload)
            {
                return;
            }

            var family = IpFamily.None;
            var multicast = false;
            if (ArgumentValues.TryGetString(ArgumentValues.Find(invocation, "address")?.Value, out var address) && IpLiteral.TryParse(address, out family, out var bytes))
            {
                multicast = IpLiteral.IsMulticast(family, bytes);
            }
            else
            {
                family = SocketTypeResolver.TryGetType(invocation.Instance, symbols) switch
                {
                    "udp4" => IpFamily.V4,
                    "udp6" => IpFamily.V6,
                    _ => IpFamily.None,
                };
            }

            var maximum = family == IpFamily.V4 ? MaxIPv4Payload : MaxIPv6Payload;
            var sizeText = size.ToString("N0", CultureInfo.InvariantCulture);
            if (size > maximum)
            {
                var over = family switch
                {
                    IpFamily.V4 => "IPv4",
                    IpFamily.V6 => "IPv6",
                    _ => "IPv6 (and less over IPv4)",
                };
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.PayloadTooLarge,
                    sized.Syntax.GetLocation(),
                    sizeText,
                    over,
                    maximum.ToString("N0", CultureInfo.InvariantCulture)));
                return;
            }

            var frame = family == IpFamily.V4 ? FrameIPv4Payload : FrameIPv6Payload;
            if (multicast && size > frame)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MulticastPayloadFragments,
                    sized.Syntax.GetLocation(),
                    sizeText,
                    frame.ToString("N0", CultureInfo.InvariantCulture)));
            }
        }
    }
}

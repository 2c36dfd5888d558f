using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.PayloadSizeAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0008: constant payloads a UDP datagram cannot carry, and multicast payloads that fragment.</summary>
public sealed class PayloadSizeTests
{
    [Fact]
    public Task Payload_above_the_IPv4_limit_on_a_udp4_socket_reports_TDG0008() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Send({|#0:new byte[65_508]|}, 41234, "localhost");
            """,
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(0).WithArguments("65,508", "IPv4", "65,507"));

    [Fact]
    public Task Payload_above_the_IPv6_limit_with_unknown_family_reports_TDG0008() =>
        Verify.VerifyStatementsAsync(
            """
            var payload = new byte[70_000];
            socket.Send({|#0:payload|}, 41234, "example.com");
            """,
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(0).WithArguments("70,000", "IPv6 (and less over IPv4)", "65,527"));

    [Fact]
    public Task Constant_length_above_the_limit_reports_TDG0008_on_the_length() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(buffer, 0, {|#0:100_000|}, 41234, (e, n) => { });""",
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(0).WithArguments("100,000", "IPv6 (and less over IPv4)", "65,527"));

    [Fact]
    public Task List_of_buffers_whose_known_part_is_too_large_reports_TDG0008() =>
        Verify.VerifyStatementsAsync(
            """socket.Send({|#0:new[] { new byte[40_000], new byte[30_000], buffer }|}, 41234, "127.0.0.1");""",
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(0).WithArguments("70,000", "IPv4", "65,507"));

    [Fact]
    public Task Multicast_payload_above_one_frame_reports_a_TDG0008_warning() =>
        Verify.VerifyStatementsAsync(
            """socket.Send({|#0:new byte[1_500]|}, 41234, "239.255.0.1");""",
            Verify.Diagnostic(DiagnosticDescriptors.MulticastPayloadFragments).WithLocation(0).WithArguments("1,500", "1,472").WithSeverity(DiagnosticSeverity.Warning));

    [Fact]
    public Task Constant_text_is_measured_in_UTF8_bytes_for_TDG0008() =>
        Verify.VerifyAsync(
            $$"""
            class Big
            {
                const string Accents = "{{new string('é', 40_000)}}";
                void Run(DgramSocket socket)
                {
                    socket.Send({|#0:Accents|}, 41234);
                    socket.Send({|#1:Encoding.UTF8.GetBytes(Accents)|}, 41234);
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(0).WithArguments("80,000", "IPv6 (and less over IPv4)", "65,527"),
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(1).WithArguments("80,000", "IPv6 (and less over IPv4)", "65,527"));

    [Fact]
    public Task Payloads_within_limits_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var v6 = Dgram.CreateSocket("udp6");
            v6.Send(new byte[65_527], 41234, "::1");
            socket.Send(new byte[65_507], 41234, "127.0.0.1");
            socket.Send(new byte[1_472], 41234, "239.255.0.1");
            socket.Send(buffer, 41234, "239.255.0.1");
            socket.Send(new byte[9_000], 41234, "10.0.0.2");
            """);

    [Fact]
    public Task Oversized_payload_in_a_handler_of_a_using_socket_reports_TDG0008() =>
        Verify.VerifyStatementsAsync(
            """
            using var server = Dgram.CreateSocket("udp4");
            server.Message += (msg, rinfo) => server.Send({|#0:new byte[70_000]|}, rinfo.Port, rinfo.Address);
            """,
            Verify.Diagnostic(DiagnosticDescriptors.PayloadTooLarge).WithLocation(0).WithArguments("70,000", "IPv4", "65,507"));
}

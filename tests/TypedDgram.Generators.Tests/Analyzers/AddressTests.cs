using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.AddressAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0006: constant addresses that cannot work.</summary>
public sealed class AddressTests
{
    [Fact]
    public Task AddMembership_with_a_unicast_group_reports_TDG0006() =>
        Verify.VerifyStatementsAsync(
            """socket.AddMembership({|#0:"192.168.1.10"|});""",
            Verify.Diagnostic(DiagnosticDescriptors.AddressCannotWork).WithLocation(0)
                .WithArguments("192.168.1.10", "the multicast group of AddMembership", "it is not a multicast group address (224.0.0.0/4 or ff00::/8)"));

    [Fact]
    public Task DropMembership_with_a_host_name_reports_TDG0006() =>
        Verify.VerifyStatementsAsync("""socket.DropMembership({|TDG0006:"localhost"|});""");

    [Fact]
    public Task AddSourceSpecificMembership_with_a_multicast_source_reports_TDG0006() =>
        Verify.VerifyStatementsAsync("""socket.AddSourceSpecificMembership({|TDG0006:"239.1.1.1"|}, "232.1.1.1", "127.0.0.1");""");

    [Fact]
    public Task Membership_with_an_invalid_interface_reports_TDG0006() =>
        Verify.VerifyStatementsAsync("""socket.AddMembership("239.255.1.2", {|TDG0006:"127.0.0.256"|});""");

    [Fact]
    public Task IPv6_group_on_a_udp4_socket_reports_TDG0006() =>
        Verify.VerifyStatementsAsync(
            """
            var receiver = Dgram.CreateSocket("udp4");
            receiver.AddMembership({|#0:"ff02::1"|});
            """,
            Verify.Diagnostic(DiagnosticDescriptors.AddressCannotWork).WithLocation(0)
                .WithArguments("ff02::1", "the multicast group of AddMembership", "it is an IPv6 address and the socket is created as \"udp4\""));

    [Fact]
    public Task Send_to_an_IPv6_literal_from_a_udp4_socket_created_with_options_reports_TDG0006() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket(new SocketOptions { Type = "udp4" });
            client.Send(buffer, 41234, {|TDG0006:"::1"|});
            """);

    [Fact]
    public Task Send_to_a_dotted_quad_above_255_reports_TDG0006() =>
        Verify.VerifyStatementsAsync("""socket.Send(buffer, 41234, {|TDG0006:"10.0.0.300"|});""");

    [Fact]
    public Task Bind_to_a_malformed_IPv6_literal_reports_TDG0006() =>
        Verify.VerifyStatementsAsync("""socket.Bind(0, {|TDG0006:"fe80:::1"|});""");

    [Fact]
    public Task SetMulticastInterface_with_IPv4_on_a_udp6_socket_reports_TDG0006() =>
        Verify.VerifyStatementsAsync(
            """
            var sender = Dgram.CreateSocket("udp6");
            sender.SetMulticastInterface({|TDG0006:"10.0.0.2"|});
            """);

    [Fact]
    public Task Valid_addresses_host_names_and_short_numeric_forms_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var v4 = Dgram.CreateSocket("udp4");
            v4.AddMembership("239.255.0.1", "127.0.0.1");
            v4.AddSourceSpecificMembership("10.0.0.1", "232.1.1.1");
            v4.Send(buffer, 41234, "localhost");
            v4.Send(buffer, 41234, "127.1");
            v4.Connect(41234, "example.com");
            var v6 = Dgram.CreateSocket("udp6");
            v6.AddMembership("ff02::1:3", "::%eth1");
            v6.SetMulticastInterface("::%2");
            v6.Send(buffer, 41234, "::ffff:127.0.0.1");
            v6.Send(buffer, 41234, "127.0.0.1");
            socket.Bind(new BindOptions { Port = 0, Address = "0.0.0.0" });
            socket.Send(buffer, 41234, "fe80::1%eth0");
            """);
}

using TypedDgram.Generators.Diagnostics;
using Address = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.AddressAnalyzer>;
using Port = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.PortRangeAnalyzer>;
using Ttl = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.TtlRangeAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0004, TDG0005 and TDG0006 on the constant initializers of the options objects.</summary>
public sealed class OptionsInitializerTests
{
    [Fact]
    public Task MulticastOptions_Ttl_300_reports_TDG0005() =>
        Ttl.VerifyStatementsAsync(
            """var options = new TypedDgram.PubSub.MulticastOptions { Group = "239.255.0.1", Interface = "127.0.0.1", Ttl = {|#0:300|} };""",
            Ttl.Diagnostic(DiagnosticDescriptors.TtlOutOfRange).WithLocation(0).WithArguments(300L, "MulticastOptions.Ttl", 0));

    [Fact]
    public Task MulticastOptions_port_out_of_range_reports_TDG0004() =>
        Port.VerifyStatementsAsync(
            """var options = new TypedDgram.PubSub.MulticastOptions { Group = "239.255.0.1", Interface = "127.0.0.1", Port = {|#0:70000|} };""",
            Port.Diagnostic(DiagnosticDescriptors.PortOutOfRange).WithLocation(0).WithArguments(70000L, "MulticastOptions.Port", 0));

    [Fact]
    public Task Hosting_endpoint_options_port_out_of_range_reports_TDG0004() =>
        Port.VerifyStatementsAsync(
            """var options = new TypedDgram.Hosting.DatagramEndpointOptions { Port = {|#0:-1|} };""",
            Port.Diagnostic(DiagnosticDescriptors.PortOutOfRange).WithLocation(0).WithArguments(-1L, "DatagramEndpointOptions.Port", 0));

    [Fact]
    public Task MulticastOptions_group_that_is_not_multicast_reports_TDG0006() =>
        Address.VerifyStatementsAsync(
            """var options = new TypedDgram.PubSub.MulticastOptions { Group = {|#0:"192.168.1.10"|}, Interface = "127.0.0.1" };""",
            Address.Diagnostic(DiagnosticDescriptors.AddressCannotWork).WithLocation(0)
                .WithArguments("192.168.1.10", "the group of MulticastOptions", "it is not a multicast group address (224.0.0.0/4 or ff00::/8)"));

    [Fact]
    public Task MulticastOptions_group_and_interface_of_different_families_report_TDG0006_on_the_interface() =>
        Address.VerifyStatementsAsync(
            """var options = new TypedDgram.PubSub.MulticastOptions { Group = "ff02::1234", Interface = {|#0:"127.0.0.1"|} };""",
            Address.Diagnostic(DiagnosticDescriptors.AddressCannotWork).WithLocation(0)
                .WithArguments("127.0.0.1", "the interface of MulticastOptions", "it is an IPv4 address and the group \"ff02::1234\" is IPv6; both must be of one family, or joining fails with EINVAL"));

    [Fact]
    public Task MulticastOptions_multicast_source_reports_TDG0006() =>
        Address.VerifyStatementsAsync("""var options = new TypedDgram.PubSub.MulticastOptions { Group = "232.1.1.1", Interface = "127.0.0.1", Source = {|TDG0006:"239.1.1.1"|} };""");

    [Fact]
    public Task Hosting_endpoint_options_group_and_family_are_checked() =>
        Address.VerifyStatementsAsync(
            """
            var a = new TypedDgram.Hosting.DatagramEndpointOptions { MulticastGroup = {|TDG0006:"10.0.0.1"|} };
            var b = new TypedDgram.Hosting.DatagramEndpointOptions { Type = "udp4", MulticastGroup = {|TDG0006:"ff02::1"|} };
            var c = new TypedDgram.Hosting.DatagramEndpointOptions { MulticastGroup = "239.255.0.1", MulticastInterface = {|TDG0006:"::1"|} };
            var d = new TypedDgram.Hosting.DatagramEndpointOptions { Address = {|TDG0006:"300.1.1.1"|} };
            """);

    [Fact]
    public Task Membership_call_with_group_and_interface_of_different_families_reports_TDG0006() =>
        Address.VerifyStatementsAsync("""socket.AddMembership("239.255.1.2", {|TDG0006:"::1"|});""");

    [Fact]
    public Task IPv4_destination_on_an_Ipv6Only_udp6_socket_reports_TDG0006() =>
        Address.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket(new SocketOptions { Type = "udp6", Ipv6Only = true });
            client.Send(buffer, 41234, {|#0:"127.0.0.1"|});
            """,
            Address.Diagnostic(DiagnosticDescriptors.AddressCannotWork).WithLocation(0)
                .WithArguments("127.0.0.1", "the address of Send", "it is an IPv4 address and the socket is created as \"udp6\" with Ipv6Only, which reaches IPv6 addresses only"));

    [Fact]
    public Task Correct_options_and_dual_stack_udp6_sockets_are_quiet() =>
        Address.VerifyStatementsAsync(
            """
            var bus = new TypedDgram.PubSub.MulticastOptions { Group = "239.255.0.1", Interface = "127.0.0.1", Ttl = 0, Port = 0 };
            var bus6 = new TypedDgram.PubSub.MulticastOptions { Group = "ff12::1234", Interface = "::%lo" };
            var ssm = new TypedDgram.PubSub.MulticastOptions { Group = "232.1.1.1", Interface = "127.0.0.1", Source = "10.0.0.1" };
            var endpoint = new TypedDgram.Hosting.DatagramEndpointOptions { Type = "udp6", MulticastGroup = "ff02::1", MulticastInterface = "::%eth0" };
            var defaults = new TypedDgram.Hosting.DatagramEndpointOptions { MulticastGroup = "ff02::1" };
            var plain = new SocketOptions { Type = "udp6" };
            var dual = Dgram.CreateSocket("udp6");
            dual.Send(buffer, 41234, "127.0.0.1");
            dual.AddMembership("239.255.0.1");
            """);
}

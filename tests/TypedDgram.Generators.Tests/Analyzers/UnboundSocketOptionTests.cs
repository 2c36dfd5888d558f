using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.UnboundSocketOptionAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0009: options that need a bound socket.</summary>
public sealed class UnboundSocketOptionTests
{
    [Fact]
    public Task SetBroadcast_right_after_CreateSocket_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            {|#0:client.SetBroadcast(true)|};
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NeedsBoundSocket).WithLocation(0).WithArguments("client", "SetBroadcast", "EBADF"));

    [Fact]
    public Task Address_before_Bind_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            Console.WriteLine({|TDG0009:server.Address()|}.Port);
            server.Bind(41234);
            """);

    [Fact]
    public Task SetRecvBufferSize_before_Bind_reports_TDG0009_with_the_buffer_size_error() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            {|#0:server.SetRecvBufferSize(1 << 20)|};
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NeedsBoundSocket).WithLocation(0).WithArguments("server", "SetRecvBufferSize", "ERR_SOCKET_BUFFER_SIZE"));

    [Fact]
    public Task SetMulticastTTL_on_a_path_without_Bind_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var sender = Dgram.CreateSocket("udp4");
            if (text.Length > 10)
            {
                {|TDG0009:sender.SetMulticastTTL(4)|};
            }
            sender.Bind();
            """);

    [Fact]
    public Task SetTTL_on_a_chained_unbound_socket_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp6").Unref();
            {|TDG0009:client.SetTTL(64)|};
            """);

    [Fact]
    public Task SetBroadcast_on_a_variable_given_a_new_socket_after_the_bind_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Bind(0);
            client.Close();
            client = Dgram.CreateSocket("udp4");
            {|TDG0009:client.SetBroadcast(true)|};
            """);

    [Fact]
    public Task SetTTL_on_a_new_socket_after_the_old_one_escaped_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var pool = new List<DgramSocket>();
            var client = Dgram.CreateSocket("udp4");
            pool.Add(client);
            client = Dgram.CreateSocket("udp4");
            {|TDG0009:client.SetTTL(8)|};
            """);

    [Fact]
    public Task SetTTL_in_a_lambda_that_creates_the_socket_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            server.Listening += () =>
            {
                var probe = Dgram.CreateSocket("udp4");
                {|TDG0009:probe.SetTTL(8)|};
            };
            server.Bind(0);
            """);

    [Fact]
    public Task SetBroadcast_in_the_constructor_that_creates_the_field_reports_TDG0009_once() =>
        Verify.VerifyAsync(
            """
            class Announcer : Base
            {
                private readonly DgramSocket _socket;

                public Announcer() : base(1)
                {
                    _socket = Dgram.CreateSocket("udp4");
                    {|TDG0009:_socket.SetBroadcast(true)|};
                }
            }

            class Base
            {
                public Base(int id) { }
            }
            """);

    [Fact]
    public Task Options_after_Bind_Send_or_AddMembership_and_on_sockets_from_elsewhere_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var a = Dgram.CreateSocket("udp4");
            a.Bind(0);
            a.SetBroadcast(true);
            var b = Dgram.CreateSocket("udp4");
            b.Send(buffer, 41234, "localhost");
            b.SetTTL(4);
            var c = Dgram.CreateSocket("udp4");
            c.AddMembership("239.255.0.1");
            c.SetMulticastLoopback(true);
            socket.SetBroadcast(true);
            """);

    // Issue 17: misuse in local functions and handlers of the member

    [Fact]
    public Task Option_in_a_local_function_called_before_the_bind_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            using var sender = Dgram.CreateSocket("udp4");
            Configure();
            sender.Bind(41234);
            void Configure() => {|TDG0009:sender.SetBroadcast(true)|};
            """);

    [Fact]
    public Task Options_in_Listening_and_Message_handlers_and_lambdas_that_may_run_later_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            await using var server = Dgram.CreateSocket("udp4");
            server.Listening += () => server.SetBroadcast(true);
            server.Message += (msg, rinfo) => server.SetTTL(64);
            Action later = () => server.SetMulticastTTL(1);
            var idle = Dgram.CreateSocket("udp4");
            idle.Listening += () => idle.SetBroadcast(true);
            """);

    [Fact]
    public Task Option_on_a_socket_a_lambda_creates_and_has_not_bound_reports_TDG0009() =>
        Verify.VerifyStatementsAsync(
            """
            Action start = () =>
            {
                var probe = Dgram.CreateSocket("udp4");
                {|TDG0009:probe.SetTTL(4)|};
                probe.Bind(0);
            };
            start();
            """);
}

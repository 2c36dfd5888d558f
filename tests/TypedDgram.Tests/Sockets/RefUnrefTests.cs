using System.Diagnostics;
using System.Reflection;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// Keep-alive is process-wide, so it is observed in a child process (tests/TypedDgram.KeepAliveProbe): it binds a
/// socket, does what it is told, then awaits <see cref="Dgram.WhenUnreferenced"/> as a Node program waits on its loop.
/// </summary>
public class RefUnrefTests
{
    // How long a program that should keep running is watched: proof by waiting, the only kind there is for "still alive".
    private static readonly TimeSpan StillRunningWindow = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("unref")]
    [InlineData("close")]
    public async Task A_program_whose_only_socket_is_unreferenced_or_closed_exits(string mode)
    {
        using var probe = await Probe.StartAsync(mode);

        bool exited = await probe.WaitForExitAsync(Wait.Timeout);

        Assert.True(exited, $"the probe ({mode}) was still running after {Wait.Timeout.TotalSeconds} s");
        Assert.Equal(0, probe.ExitCode);
        Assert.Contains("exiting", probe.Output);
    }

    [Theory]
    [InlineData("referenced")]
    [InlineData("reref")]
    public async Task A_referenced_bound_socket_keeps_the_program_running(string mode)
    {
        using var probe = await Probe.StartAsync(mode);

        bool exited = await probe.WaitForExitAsync(StillRunningWindow);

        Assert.False(exited, $"the probe ({mode}) exited: {probe.Output}");
    }

    [Fact]
    public void Ref_and_Unref_return_the_socket()
    {
        using var socket = Dgram.CreateSocket("udp4");

        Assert.Same(socket, socket.Unref());
        Assert.Same(socket, socket.Unref());
        Assert.Same(socket, socket.Ref());
        Assert.Same(socket, socket.Ref());
    }

    private sealed class Probe : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private Probe(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public int ExitCode => _process.ExitCode;

        public static async Task<Probe> StartAsync(string mode)
        {
            string path = typeof(RefUnrefTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "KeepAliveProbe").Value!;
            Assert.True(File.Exists(path), $"the keep-alive probe is not built at {path}");
            var start = new ProcessStartInfo("dotnet", [path, mode]) { RedirectStandardOutput = true, RedirectStandardError = true };
            var probe = new Probe(Process.Start(start)!);
            var ready = Wait.Source();
            probe._process.OutputDataReceived += (_, line) =>
            {
                lock (probe._output)
                {
                    probe._output.AppendLine(line.Data);
                }
                if (line.Data == "ready")
                {
                    ready.TrySetResult();
                }
            };
            probe._process.ErrorDataReceived += (_, line) =>
            {
                lock (probe._output)
                {
                    probe._output.AppendLine(line.Data);
                }
            };
            probe._process.BeginOutputReadLine();
            probe._process.BeginErrorReadLine();
            await Wait.For(ready);
            return probe;
        }

        public async Task<bool> WaitForExitAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }
    }
}

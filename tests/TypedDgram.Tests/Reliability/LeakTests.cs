using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;
using Xunit.Abstractions;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// 10,000 open/close cycles, each going through the faults of <see cref="FaultTests"/> (a handler that throws, a
/// malformed datagram, an unknown id, an active ReceiveAsync enumeration, Close from inside a handler): the process
/// holds no more file descriptors and no more managed memory after them than before.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LeakTests(ITestOutputHelper output)
{
    private const int Cycles = 10_000;
    // Enough for the shared array pool to hold the receive buffers of every thread that returns one (some 700 KB
    // here): memory that is reused, not leaked.
    private const int WarmUp = 2_000;

    [SkippableFact]
    public async Task Ten_thousand_faulty_open_close_cycles_leak_no_descriptor_and_no_memory()
    {
        Skip.IfNot(Directory.Exists("/proc/self/fd"), "descriptors are counted in /proc/self/fd (Linux only)");
        using var unobserved = new UnobservedExceptions();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        for (var i = 0; i < WarmUp; i++)
        {
            await CycleAsync(sender, i);
        }

        var descriptorsBefore = OpenDescriptors();
        var memoryBefore = SettledMemory();
        var started = DateTime.UtcNow;
        for (var i = 0; i < Cycles; i++)
        {
            await CycleAsync(sender, i);
        }

        var elapsed = DateTime.UtcNow - started;
        var descriptorsAfter = OpenDescriptors();
        var memoryAfter = SettledMemory();
        output.WriteLine($"{Cycles} cycles in {elapsed.TotalSeconds:F1} s; descriptors {descriptorsBefore} -> {descriptorsAfter}; managed memory {memoryBefore:N0} -> {memoryAfter:N0} bytes");

        Assert.True(descriptorsAfter <= descriptorsBefore, $"descriptors {descriptorsBefore} -> {descriptorsAfter}");
        // Under 100 bytes a cycle: smaller than any object a cycle makes (its socket alone holds a 64 KB buffer), so
        // nothing a cycle allocates survives it. Pools and per-thread buffers move the figure by a few hundred KB.
        Assert.True(memoryAfter - memoryBefore < 100 * Cycles, $"managed memory {memoryBefore:N0} -> {memoryAfter:N0}");
        await unobserved.AssertNoneAsync();
    }

    private static async Task CycleAsync(DgramSocket sender, int seq)
    {
        var socket = Dgram.CreateSocket("udp4");
        var errors = 0;
        socket.Error += _ => errors++;
        var closed = Wait.Source();
        socket.Closed += () => closed.TrySetResult();
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        var port = socket.Address().Port;
        var handlers = new FaultHandlers { Socket = socket };
        using var attachment = socket.Attach(handlers);
        var stream = DrainAsync(socket.ReceiveAsync<Work>());

        await Wait.For(sender.SendAsync(new Fail(seq, Async: seq % 2 == 0), port, "127.0.0.1").AsTask());
        await Wait.For(sender.SendAsync(new byte[] { 0x92, 0xC1 }, port, "127.0.0.1").AsTask());
        await Wait.For(sender.SendAsync(new Nobody(seq), port, "127.0.0.1").AsTask());
        await Wait.For(sender.SendAsync(new Work(seq), port, "127.0.0.1").AsTask());
        await Wait.For(sender.SendAsync(new Stop(seq), port, "127.0.0.1").AsTask());

        await Wait.For(closed);
        Assert.Equal(seq, await FaultTests.ReadAsync(handlers.Worked));
        Assert.Equal(1, await Wait.For(stream));
    }

    private static async Task<int> DrainAsync(IAsyncEnumerable<(Work, RemoteInfo)> stream)
    {
        var count = 0;
        await foreach (var _ in stream)
        {
            count++;
        }

        return count;
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;
using Xunit.Abstractions;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// The attacks of issue 16 ("bounds that hold"), each printing its figures line before asserting its bound, so that the
/// same file run on the code before the fixes prints the figures before (tests/reliability/attacks runs them; the
/// figures are in docs/reliability.md). Sizes are scaled down from the by default; TYPEDDGRAM_ATTACK_SCALE
/// multiplies them. Only loopback, every loop bounded in count and time.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Attack")]
public sealed class AttackTests(ITestOutputHelper output)
{
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("TYPEDDGRAM_ATTACK_SCALE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale) ? scale : 1;

    private void Figures(FormattableString line) => output.WriteLine(" attack " + line.ToString(CultureInfo.InvariantCulture));

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public async Task Error_flood_at_a_50_microsecond_handler_keeps_callbacks_and_close_prompt_and_memory_bounded()
    {
        int count = 100_000 * Scale;
        await using var receiver = Dgram.CreateSocket("udp4");
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        long raised = 0;
        receiver.Error += _ =>
        {
            Interlocked.Increment(ref raised);
            var spin = Stopwatch.StartNew();
            while (spin.Elapsed.TotalMicroseconds < 50)
            {
                Thread.SpinWait(10);
            }
        };
        using var attachment = receiver.Attach(new FaultHandlers());
        var port = receiver.Address().Port;
        long heapBefore = Heap();

        using (var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var to = new IPEndPoint(IPAddress.Loopback, port);
            var garbage = new byte[6];
            for (var i = 0; i < count; i++)
            {
                attacker.SendTo(garbage, to);
                if (i % 64 == 0)
                {
                    Thread.Yield();   // let the receive loop keep up, so the datagrams become errors, not kernel drops
                }
            }
        }

        var heapGrowth = GC.GetTotalMemory(false) - heapBefore;
        var callback = Stopwatch.StartNew();
        var called = Wait.Source();
        receiver.Send(new byte[1], port, "127.0.0.1", (_, _) => called.TrySetResult());
        await called.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var callbackLate = callback.Elapsed;
        var dispose = Stopwatch.StartNew();
        await receiver.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(120));
        var disposeTook = dispose.Elapsed;
        Figures($"error flood: {count:N0} six-byte datagrams at a 50 us Error handler: heap +{heapGrowth / 1e6:F1} MB, send callback {callbackLate.TotalSeconds:F2} s late, DisposeAsync {disposeTook.TotalSeconds:F2} s, {Interlocked.Read(ref raised):N0} errors raised, {attachment.Malformed:N0} malformed");

        Assert.True(callbackLate < Wait.Timeout && disposeTook < Wait.Timeout);
    }

    [Fact]
    public async Task Error_flood_without_any_handler_writes_a_bounded_report_to_standard_error()
    {
        int count = 100_000 * Scale;
        var written = new CountingWriter();
        var previous = Console.Error;
        Console.SetError(written);
        try
        {
            using var receiver = Dgram.CreateSocket("udp4");
            receiver.Bind(0, "127.0.0.1");
            using var attachment = receiver.Attach(new FaultHandlers());
            var flood = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                // what the receive loop does with each malformed datagram, without the network in the way
                attachment.Receive(new byte[6], new RemoteInfo("127.0.0.1", "IPv4", 9, 6));
            }

            await receiver.WhenEventsDelivered().WaitAsync(TimeSpan.FromSeconds(60));
            Figures($"error flood, no handler: {count:N0} malformed datagrams in {flood.Elapsed.TotalSeconds:F1} s wrote {written.Chars:N0} characters to standard error");
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.True(written.Chars < 100_000, $"{written.Chars} characters");
    }

    [Fact]
    public async Task Eight_threads_sending_512_byte_datagrams_queue_at_most_16_MiB()
    {
        var seconds = 2.0 * Scale;
        await using var receiver = Dgram.CreateSocket("udp4");
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        var port = receiver.Address().Port;
        long heapBefore = Heap();
        long refused = 0;
        long maxQueued = 0;
        long sends = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                var buffer = new byte[512];
                for (var i = 0; i < 20_000_000 && clock.Elapsed.TotalSeconds < seconds; i++)
                {
                    socket.Send(buffer, port, "127.0.0.1", (error, _) =>
                    {
                        if (error is not null)
                        {
                            Interlocked.Increment(ref refused);
                        }
                    });
                    Interlocked.Increment(ref sends);
                    if ((i & 1023) == 0)
                    {
                        var queued = socket.GetSendQueueSize();
                        long seen;
                        while (queued > (seen = Interlocked.Read(ref maxQueued)) && Interlocked.CompareExchange(ref maxQueued, queued, seen) != seen)
                        {
                        }
                    }
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(threads);
        var stopped = Stopwatch.StartNew();
        var heapGrowth = GC.GetTotalMemory(false) - heapBefore;
        var peakCount = socket.GetSendQueueCount();
        while (socket.GetSendQueueCount() > 0 && stopped.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(10);
        }

        await socket.WhenEventsDelivered().WaitAsync(TimeSpan.FromSeconds(120));
        Figures($"send flood: 8 threads x {seconds:F0} s of 512-byte sends: {Interlocked.Read(ref sends):N0} sends, queue peaked at >= {Interlocked.Read(ref maxQueued) / 1e6:F1} MB ({peakCount:N0} queued when sending stopped), heap +{heapGrowth / 1e6:F0} MB, last callback {stopped.Elapsed.TotalSeconds:F2} s after sending stopped, {Interlocked.Read(ref refused):N0} refused");

        Assert.True(Interlocked.Read(ref maxQueued) <= 16 * 1024 * 1024);
    }

    [Fact]
    public async Task A_stalled_dispatch_queue_holds_at_most_16_MiB()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        using var handlers = new BlockingHandlers();
        long heapBefore = Heap();
        using (var attachment = socket.Attach(handlers, queueCapacity: 4096))
        {
            attachment.Receive(DatagramEnvelope.Serialize(new Work(1)), new RemoteInfo("127.0.0.1", "IPv4", 9, 4));
            await Wait.For(handlers.Entered);
            var large = new byte[60_000];
            for (var i = 0; i < 4096; i++)
            {
                attachment.Receive(large, new RemoteInfo("127.0.0.1", "IPv4", 9, large.Length));
            }

            var held = Heap() - heapBefore;
            Figures($"dispatch queue: 4,096 datagrams of 60,000 bytes behind a blocked handler: heap +{held / 1e6:F1} MB, {attachment.Dropped:N0} dropped");
            handlers.Release();
            Assert.True(held < 64_000_000);
        }
    }

    [Fact]
    public void A_datagram_of_65000_default_struct_parts_is_refused_within_its_budget()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(733u);
        writer.WriteArrayHeader(65_000);
        var empty = new[] { MessagePackCode.MinFixArray };
        for (var i = 0; i < 65_000; i++)
        {
            writer.WriteRaw(empty);
        }

        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        var reader = new MessagePackReader(bytes);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DatagramEnvelope.TryRead(ref reader, ref context, out FatStructs _, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Figures($"fat parts: 65,000 default 512-byte struct parts in {bytes.Length:N0} bytes: read allocated {allocated / 1e6:F2} MB against a {DatagramReaderLimits.Default.AllocationBudget(bytes.Length) / 1e6:F2} MB budget ({context.Failure})");

        Assert.True(allocated <= DatagramReaderLimits.Default.AllocationBudget(bytes.Length));
    }

    [Fact]
    public async Task Handlers_started_after_Dispose_returned_under_a_flood()
    {
        const int Trials = 300;
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        var port = socket.Address().Port;
        var datagram = DatagramEnvelope.Serialize(new Work(1));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var flood = Task.Factory.StartNew(
            () =>
            {
                using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                var to = new IPEndPoint(IPAddress.Loopback, port);
                for (var i = 0; i < 50_000_000 && !stop.IsCancellationRequested; i++)
                {
                    attacker.SendTo(datagram, to);
                }
            },
            TaskCreationOptions.LongRunning);
        var late = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var disposed = 0;
            var handlers = new LateStartHandlers(() => Volatile.Read(ref disposed) == 1);
            var attachment = socket.Attach(handlers);
            await handlers.FirstCall.Task.WaitAsync(Wait.Timeout);
            attachment.Dispose();
            Volatile.Write(ref disposed, 1);
            await Task.Delay(1);
            late += handlers.StartedAfterDispose > 0 ? 1 : 0;
        }

        stop.Cancel();
        await flood;
        Figures($"dispose race: {late} of {Trials} attachments had a handler start after Dispose returned (no queue, under a flood)");
        Assert.Equal(0, late);
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Chars { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Chars++;

        public override void Write(string? value) => Chars += value?.Length ?? 0;

        public override void WriteLine(string? value) => Chars += (value?.Length ?? 0) + 1;
    }
}

/// <summary>Counts <see cref="Work"/> handlers that start once the test says Dispose has returned.</summary>
public sealed partial class LateStartHandlers(Func<bool> disposeReturned)
{
    public TaskCompletionSource FirstCall { get; } = Wait.Source();

    public int StartedAfterDispose { get; private set; }

    [DatagramHandler]
    private void On(Work work)
    {
        if (disposeReturned())
        {
            StartedAfterDispose++;
        }

        FirstCall.TrySetResult();
    }
}

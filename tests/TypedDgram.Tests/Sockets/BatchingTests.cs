using System.Buffers.Binary;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// SocketOptions.Batching (sendmmsg/recvmmsg with UDP GSO/GRO on 64-bit Linux): the same datagrams, order, errors and
/// callbacks as one datagram at a time, and the one-at-a-time paths when the kernel has no batched calls.
/// </summary>
public class BatchingTests
{
    private const string NotLinux = "batched I/O exists on 64-bit Linux only; elsewhere the option is ignored";

    private static bool Linux64 => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    // Receive buffers large enough that a test's burst is never dropped on loopback.
    private static SocketOptions Options(bool batching) => new() { Type = "udp4", Batching = batching, RecvBufferSize = 4 << 20 };

    private static byte[] Numbered(int seq, int length)
    {
        var datagram = new byte[Math.Max(length, 4)];
        BinaryPrimitives.WriteInt32BigEndian(datagram, seq);
        datagram.AsSpan(4).Fill((byte)seq);
        return datagram;
    }

    private static async Task<DgramSocket> BatchingSenderAsync()
    {
        var sender = Dgram.CreateSocket(Options(batching: true));
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));
        return sender;
    }

    /// <summary>Sends <paramref name="datagrams"/> in one burst and waits for every callback; returns what each got.</summary>
    private static async Task<(DgramException? Error, int Bytes)[]> BurstAsync(DgramSocket sender, IReadOnlyList<byte[]> datagrams, Func<int, int> port)
    {
        var results = new (DgramException?, int)[datagrams.Count];
        var done = new CountdownEvent(datagrams.Count);
        for (int i = 0; i < datagrams.Count; i++)
        {
            int index = i;
            sender.Send(datagrams[i], port(i), "127.0.0.1", (error, bytes) =>
            {
                results[index] = (error, bytes);
                done.Signal();
            });
        }

        await Task.Run(() => Assert.True(done.Wait(Wait.Timeout), "not every callback was called"));
        return results;
    }

    [SkippableFact]
    public async Task Batched_sends_arrive_in_order_and_each_callback_gets_its_own_byte_count()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: false));
        await using var sender = await BatchingSenderAsync();
        Assert.True(sender.BatchingSends);
        var datagrams = Enumerable.Range(0, 300).Select(i => Numbered(i, 4 + (i * 37 % 900))).ToList();

        var results = await BurstAsync(sender, datagrams, _ => receiver.Port);

        Assert.All(results, result => Assert.Null(result.Error));
        Assert.Equal(datagrams.Select(d => d.Length), results.Select(r => r.Bytes));
        foreach (var expected in datagrams)
        {
            Assert.Equal(expected, (await receiver.NextAsync()).Msg);
        }
    }

    [SkippableFact]
    public async Task Equal_datagrams_sent_as_one_segmented_run_reach_a_batching_receiver_one_by_one()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: true));
        await using var sender = await BatchingSenderAsync();

        // A run of equal datagrams and a shorter last one: what GSO sends as one message and GRO hands over as one.
        var datagrams = Enumerable.Range(0, 200).Select(i => Numbered(i, i == 199 ? 40 : 1200)).ToList();
        var results = await BurstAsync(sender, datagrams, _ => receiver.Port);

        Assert.All(results, result => Assert.Null(result.Error));
        foreach (var expected in datagrams)
        {
            var (msg, rinfo) = await receiver.NextAsync();
            Assert.Equal(expected, msg);
            Assert.Equal(expected.Length, rinfo.Size);
            Assert.Equal(sender.Address().Port, rinfo.Port);
        }
    }

    [SkippableFact]
    public async Task A_burst_to_two_destinations_reaches_each_in_its_own_order()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var even = await Receiver.StartAsync(options: Options(batching: true));
        await using var odd = await Receiver.StartAsync(options: Options(batching: true));
        await using var sender = await BatchingSenderAsync();
        var datagrams = Enumerable.Range(0, 200).Select(i => Numbered(i, i % 3 == 0 ? 64 : 100)).ToList();

        await BurstAsync(sender, datagrams, i => i % 2 == 0 ? even.Port : odd.Port);

        for (int i = 0; i < datagrams.Count; i++)
        {
            Assert.Equal(datagrams[i], (await (i % 2 == 0 ? even : odd).NextAsync()).Msg);
        }
    }

    [SkippableFact]
    public async Task A_datagram_too_large_in_a_burst_fails_alone_with_EMSGSIZE()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: false));
        await using var sender = await BatchingSenderAsync();
        var datagrams = Enumerable.Range(0, 20).Select(i => Numbered(i, i == 10 ? 70_000 : 500)).ToList();

        var results = await BurstAsync(sender, datagrams, _ => receiver.Port);

        Assert.Equal(DgramErrorCode.MessageTooLong, results[10].Error?.Code);
        Assert.Equal("send", results[10].Error?.Syscall);
        Assert.All(results.Where((_, i) => i != 10), result => Assert.Equal((null, 500), result));
        foreach (var expected in datagrams.Where((_, i) => i != 10))
        {
            Assert.Equal(expected, (await receiver.NextAsync()).Msg);
        }
    }

    [SkippableFact]
    public async Task Without_sendmmsg_the_socket_sends_one_at_a_time_with_the_same_results()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: false));
        await using var sender = await BatchingSenderAsync();
        sender.SimulateMissingBatchCalls();
        var datagrams = Enumerable.Range(0, 100).Select(i => Numbered(i, 100)).ToList();

        var results = await BurstAsync(sender, datagrams, _ => receiver.Port);

        Assert.False(sender.BatchingSends);
        Assert.All(results, result => Assert.Equal((null, 100), result));
        foreach (var expected in datagrams)
        {
            Assert.Equal(expected, (await receiver.NextAsync()).Msg);
        }
    }

    [SkippableFact]
    public async Task Without_recvmmsg_the_receive_loop_carries_on_one_datagram_at_a_time()
    {
        Skip.IfNot(Linux64, NotLinux);
        var receiver = Dgram.CreateSocket(Options(batching: true));
        receiver.SimulateMissingBatchCalls();
        await using var wrapped = Receiver.Wrap(receiver);
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        await using var sender = Dgram.CreateSocket("udp4");

        for (int i = 0; i < 5; i++)
        {
            await sender.SendAsync(Numbered(i, 10), wrapped.Port, "127.0.0.1");
            Assert.Equal(Numbered(i, 10), (await wrapped.NextAsync()).Msg);
        }
        Assert.False(receiver.ReceivingThroughRecvmmsg);
    }

    [SkippableFact]
    public async Task The_send_queue_is_empty_once_every_batched_send_completed()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: true));
        await using var sender = await BatchingSenderAsync();

        await BurstAsync(sender, Enumerable.Range(0, 2000).Select(i => Numbered(i, 32)).ToList(), _ => receiver.Port);

        Assert.Equal(0, sender.GetSendQueueCount());
        Assert.Equal(0, sender.GetSendQueueSize());
    }

    [SkippableFact]
    public async Task Closing_during_a_batched_burst_completes_every_send_sent_or_NOT_RUNNING()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: true));
        var sender = await BatchingSenderAsync();
        const int Count = 2000;
        var outcomes = new (DgramException? Error, int Bytes)[Count];
        var done = new CountdownEvent(Count);

        for (int i = 0; i < Count; i++)
        {
            int index = i;
            sender.Send(Numbered(i, 64), receiver.Port, "127.0.0.1", (error, bytes) =>
            {
                outcomes[index] = (error, bytes);
                done.Signal();
            });
        }
        sender.Close();

        await Task.Run(() => Assert.True(done.Wait(Wait.Timeout), "a send was never completed"));
        Assert.All(outcomes, outcome => Assert.True(
            outcome == (null, 64) || outcome.Error?.Code == DgramErrorCode.NotRunning,
            $"unexpected outcome {outcome.Error?.Code} {outcome.Bytes}"));
    }

    [SkippableFact]
    public async Task A_connected_batching_socket_sends_to_its_peer()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: true));
        await using var sender = await BatchingSenderAsync();
        await Wait.For(sender.ConnectAsync(receiver.Port, "127.0.0.1"));

        for (int i = 0; i < 50; i++)
        {
            sender.Send(Numbered(i, 80));
        }

        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Numbered(i, 80), (await receiver.NextAsync()).Msg);
        }
    }

    [SkippableFact]
    public async Task Text_and_buffer_lists_are_copied_whole_into_reused_batched_requests()
    {
        Skip.IfNot(Linux64, NotLinux);
        await using var receiver = await Receiver.StartAsync(options: Options(batching: false));
        await using var sender = await BatchingSenderAsync();

        for (int i = 0; i < 100; i++)
        {
            sender.Send($"héllo {i:D3} wörld", 1, 12, receiver.Port);
            sender.Send(new[] { new byte[] { 1, 2 }, new byte[] { (byte)i } }, receiver.Port, "127.0.0.1");
        }

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"héllo {i:D3} wörld").AsSpan(1, 12).ToArray(), (await receiver.NextAsync()).Msg);
            Assert.Equal(new byte[] { 1, 2, (byte)i }, (await receiver.NextAsync()).Msg);
        }
    }
}

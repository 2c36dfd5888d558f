using CsCheck;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Messaging;
using TypedDgram.Tests.Sockets;
using Xunit.Abstractions;

namespace TypedDgram.Tests.Contracts;

/// <summary>
/// Truncated, bit-flipped and extended datagrams fed to the receive path (an attachment's receive hook, as the socket's
/// receive loop calls it): it never throws, allocates at most a small multiple of the datagram's size, and reports
/// everything it cannot read as malformed on the socket's Error.
/// </summary>
public class MutationTests(ITestOutputHelper output)
{
    private const int Mutations = 100_000;

    // Bytes allowed per datagram byte, plus a fixed allowance for the report (one MalformedDatagramException).
    private const int AllocationFactor = 16;
    private const int AllocationAllowance = 1024;

    [Fact]
    public void Mutated_datagrams_never_throw_stay_within_allocation_budget_and_are_reported_when_unreadable()
    {
        // Synchronous on purpose: allocations are measured per thread, and the receive path's scratch buffer is per thread.
        using var socket = Dgram.CreateSocket("udp4");
        var errors = 0L;
        socket.Error += error =>
        {
            if (error is MalformedDatagramException)
            {
                Interlocked.Increment(ref errors);
            }
        };
        var handlers = new CountingHandlers();
        using var attachment = socket.Attach(handlers);
        var sender = new RemoteInfo("127.0.0.1", "IPv4", 41234, 0);

        var seeds = Seeds();
        foreach (var seed in seeds)
        {
            attachment.Receive(seed, sender);
        }

        Assert.Equal(seeds.Length, handlers.Count);
        Assert.Equal(0, attachment.Malformed);

        // Warm up what grows once and is then reused: the scratch copy (largest datagram), the socket's event queue, and
        // whatever the report path initializes on first use. The warm-up reads the very datagrams the measured pass
        // reads (the same seed), so a one-time cost (a lazily built table, a first instantiation) is paid here whichever
        // thread reaches it first; the measured pass sees each datagram's steady-state cost.
        const int Seed = 20261125;
        var random = new Random(Seed);
        attachment.Receive(new byte[seeds.Max(s => s.Length) + 16], sender);
        for (var i = 0; i < Mutations; i++)
        {
            if (i % Batch == 0)
            {
                CatchUp();
            }

            attachment.Receive(Mutate(seeds[random.Next(seeds.Length)], random), sender);
        }

        CatchUp();
        random = new Random(Seed);
        var (malformedBefore, unhandledBefore, validBefore) = (attachment.Malformed, attachment.UnhandledCount, handlers.Count);
        var worstRatio = 0.0;
        for (var i = 0; i < Mutations; i++)
        {
            if (i % Batch == 0)
            {
                CatchUp();
            }

            var datagram = Mutate(seeds[random.Next(seeds.Length)], random);
            var reportsBefore = attachment.Malformed;
            var before = GC.GetAllocatedBytesForCurrentThread();
            attachment.Receive(datagram, sender with { Size = datagram.Length });
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(
                allocated <= (AllocationFactor * (long)datagram.Length) + AllocationAllowance,
                $"{allocated} bytes allocated reading a {datagram.Length}-byte datagram: {Convert.ToHexString(datagram)}");
            var reported = attachment.Malformed > reportsBefore;
            worstRatio = Math.Max(worstRatio, (allocated - (reported ? AllocationAllowance : 0)) / (double)Math.Max(datagram.Length, 1));
        }

        CatchUp();
        var malformed = attachment.Malformed - malformedBefore;
        var unhandled = attachment.UnhandledCount - unhandledBefore;
        var valid = handlers.Count - validBefore;
        output.WriteLine($"{Mutations} mutations: {malformed} reported malformed, {unhandled} with an unknown type id, {valid} still valid; worst allocation {worstRatio:F1} bytes per datagram byte");
        Assert.Equal(Mutations, malformed + unhandled + valid);
        Assert.Equal(attachment.Malformed, Interlocked.Read(ref errors));
        Assert.True(malformed > Mutations / 2, "most mutations should be unreadable; the mutator is not mutating");

        // Each malformed datagram raised Error; waiting for them keeps the socket's event queue from growing during the run.
        void CatchUp() => Assert.True(
            SpinWait.SpinUntil(() => Interlocked.Read(ref errors) == attachment.Malformed, Wait.Timeout),
            $"{attachment.Malformed} malformed datagrams but {Interlocked.Read(ref errors)} Error events");
    }

    private const int Batch = 256;

    private static byte[][] Seeds()
    {
        var seeds = new List<byte[]>
        {
            DatagramEnvelope.Serialize(new Ping(1, DateTimeOffset.UnixEpoch)),
            DatagramEnvelope.Serialize(new Pong(7, "hi")),
            DatagramEnvelope.Serialize(new Settings { Volume = 3, Name = "loud" }),
        };
        Generators.Everything.Sample(e => seeds.Add(DatagramEnvelope.Serialize(e)), iter: 40, seed: "0N0XIzNsQ0O2");
        return [.. seeds];
    }

    private static readonly byte[] Interesting = [0x00, 0x7F, 0x80, 0x90, 0xC0, 0xC1, 0xC4, 0xD9, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xFF];

    private static byte[] Mutate(byte[] seed, Random random)
    {
        switch (random.Next(5))
        {
            case 0: // truncate
                return seed[..random.Next(seed.Length)];
            case 1: // flip one to three bits
            {
                var copy = (byte[])seed.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
            }

            case 2: // extend with random bytes
            {
                var extra = new byte[random.Next(1, 17)];
                random.NextBytes(extra);
                return [.. seed, .. extra];
            }

            case 3: // a header byte that claims more, or a code no writer produces
            {
                var copy = (byte[])seed.Clone();
                var at = random.Next(copy.Length);
                copy[at] = Interesting[random.Next(Interesting.Length)];
                if (at + 4 < copy.Length && random.Next(2) == 0)
                {
                    copy.AsSpan(at + 1, 4).Fill(0xFF);
                }

                return copy;
            }

            default: // cut a piece out of the middle
            {
                var from = random.Next(seed.Length);
                var length = random.Next(1, Math.Min(8, seed.Length - from) + 1);
                return [.. seed[..from], .. seed[(from + length)..]];
            }
        }
    }
}

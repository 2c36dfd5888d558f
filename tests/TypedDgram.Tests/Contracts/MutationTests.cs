using CsCheck;
using MessagePack;
using TypedDgram.Contracts;
using Xunit.Abstractions;

namespace TypedDgram.Tests.Contracts;

/// <summary>
/// Truncated, bit-flipped and extended datagrams: the read path never throws, allocates at most a small multiple of the
/// datagram's size, and reports everything it cannot read as malformed.
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
        var seeds = Seeds();
        foreach (var seed in seeds)
        {
            Assert.Null(Receive(seed));
        }

        var random = new Random(20261125);
        var malformed = 0;
        var worstRatio = 0.0;
        for (var i = 0; i < Mutations; i++)
        {
            var datagram = Mutate(seeds[random.Next(seeds.Length)], random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var report = Receive(datagram);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(
                allocated <= (AllocationFactor * (long)datagram.Length) + AllocationAllowance,
                $"{allocated} bytes allocated reading a {datagram.Length}-byte datagram: {Convert.ToHexString(datagram)}");
            if (report is not null)
            {
                malformed++;
                Assert.NotEqual(MalformedDatagramReason.None, report.Reason);
                Assert.InRange(report.Offset, 0, datagram.Length);
            }

            worstRatio = Math.Max(worstRatio, (allocated - (report is null ? 0 : AllocationAllowance)) / (double)Math.Max(datagram.Length, 1));
        }

        output.WriteLine($"{Mutations} mutations: {malformed} reported malformed, {Mutations - malformed} still valid; worst allocation {worstRatio:F1} bytes per datagram byte");
        Assert.True(malformed > Mutations / 2, "most mutations should be unreadable; the mutator is not mutating");
    }

    // The receive path's decode: envelope, one switch on the type id, the contract's reader; a report instead of a throw.
    private static MalformedDatagramException? Receive(byte[] datagram)
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount))
        {
            return context.ToException();
        }

        var ok = typeId switch
        {
            10 => DatagramEnvelope.TryReadBody<Everything>(ref reader, memberCount, ref context, out _),
            1 => DatagramEnvelope.TryReadBody<Ping>(ref reader, memberCount, ref context, out _),
            2 => DatagramEnvelope.TryReadBody<Pong>(ref reader, memberCount, ref context, out _),
            11 => DatagramEnvelope.TryReadBody<Settings>(ref reader, memberCount, ref context, out _),
            _ => context.Fail(ref reader, MalformedDatagramReason.WrongTypeId),
        };
        return ok ? null : context.ToException(typeId);
    }

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

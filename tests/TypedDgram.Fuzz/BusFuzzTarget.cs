using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.Fuzz.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Fuzz;

/// <summary>
/// The keyed pub/sub path (issue 16) under fuzzing, with a group key the harness knows so that mutations get past the
/// tag. Each input is used twice: as a datagram received by a keyed bus as it came (which must never deliver anything
/// but a frame the harness sealed itself, byte for byte), and as a contract datagram the harness seals under the key
/// (HMAC and AES-GCM in turn) and hands to a second keyed bus subscribed to every fuzzed contract, so that the contract
/// reader, the sequence check and delivery run on mutated contracts behind a valid tag (every such frame must verify).
/// Every other sealed input goes as a batch frame (kind 1, issue 14) whose body is the input twice, so that the batch
/// reader's element walk runs on mutated bytes with a valid element after them. The seeds include keyed batches.
/// Both buses are joined once on 127.0.0.1 and never receive from the network (a random group, nothing publishes).
/// </summary>
public static class BusFuzzTarget
{
    private const ulong SeedPublisher = 0x5EED_5EED_5EED_5EED;
    private const ulong FuzzPublisher = 0xF022_F022_F022_F022;

    private static readonly GroupKey Key = new(3, Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray());
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 9, 0);
    private static readonly Lazy<MulticastBus> AsReceived = new(() => Join());
    private static readonly Lazy<MulticastBus> Sealed = new(() => Subscribed(Join()));
    private static readonly BusKeyRing Hmac = new(Key, [], confidential: false, FuzzPublisher);
    private static readonly BusKeyRing Gcm = new(Key, [], confidential: true, FuzzPublisher);
    private static ulong s_sequence;
    private static ulong s_round;

    /// <summary>Frames sealed under the key from the contract seeds: what AFL++ and the smoke start mutating from.</summary>
    public static IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    /// <summary>Runs one input both ways; throws <see cref="FuzzFailure"/> on a bug.</summary>
    public static void Run(byte[] input)
    {
        ReceiveAsItCame(input);
        if (input.Length > 0)
        {
            SealAndReceive(input);
        }
    }

    private static void ReceiveAsItCame(byte[] input)
    {
        var bus = AsReceived.Value;
        var before = bus.Stats.Received;
        bus.OnDatagram(input, From with { Size = input.Length });
        if (bus.Stats.Received != before && !Seeds.Any(seed => seed.AsSpan().SequenceEqual(input)))
        {
            throw new FuzzFailure($"a keyed bus delivered a frame the key's holder never sealed: {Convert.ToHexString(input)}");
        }
    }

    private static void SealAndReceive(byte[] contract)
    {
        var bus = Sealed.Value;
        var round = s_round++;
        var ring = round % 2 == 0 ? Hmac : Gcm;
        var batch = round % 4 >= 2;
        var sequence = s_sequence;

        // A batch of the input twice takes two publication numbers; a lone publication one.
        s_sequence += batch ? 2UL : 1UL;
        var frame = batch
            ? Seal(ring, FrameKind.Batch, FuzzPublisher, sequence, [0x92, .. contract, .. contract])
            : Seal(ring, FrameKind.Publication, FuzzPublisher, sequence, contract);
        var before = bus.Stats;
        bus.OnDatagram(frame, From with { Size = frame.Length });
        var after = bus.Stats;
        if (after.Received != before.Received + (batch ? 2 : 1) || after.Rejected != before.Rejected)
        {
            throw new FuzzFailure($"a {(batch ? "batch" : "publication")} sealed under the key was not verified or not counted per publication ({ring.Suite}, sequence {sequence}): {after}");
        }
    }

    private static byte[] Seal(BusKeyRing ring, ulong publisher, ulong sequence, byte[] contract) =>
        Seal(ring, FrameKind.Publication, publisher, sequence, contract);

    private static byte[] Seal(BusKeyRing ring, FrameKind kind, ulong publisher, ulong sequence, byte[] body)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + body.Length);
        var length = SecureFrame.WriteHeader(buffer, kind, ring.Suite, ring.KeyId, publisher, sequence);
        var headerLength = length;
        body.CopyTo(buffer, length);
        length += body.Length;
        buffer = ring.Seal(buffer, ref length, headerLength, kind, sequence);
        var frame = buffer[..length];
        ArrayPool<byte>.Shared.Return(buffer);
        return frame;
    }

    private static byte[][] BuildSeeds()
    {
        var seeds = SeedCorpus.Contracts;
        var sealedSeeds = new byte[(seeds.Count * 2) + 2][];
        var hmac = new BusKeyRing(Key, [], confidential: false, SeedPublisher);
        var gcm = new BusKeyRing(Key, [], confidential: true, SeedPublisher);
        for (var i = 0; i < seeds.Count; i++)
        {
            sealedSeeds[2 * i] = Seal(hmac, SeedPublisher, (ulong)(2 * i), seeds[i]);
            sealedSeeds[(2 * i) + 1] = Seal(gcm, SeedPublisher, (ulong)((2 * i) + 1), seeds[i]);
        }

        // Batches of every contract seed, numbered after the lone ones (a batch takes one number per publication).
        byte[] body = [0xdc, 0, (byte)seeds.Count, .. seeds.SelectMany(seed => seed)];
        var next = (ulong)(seeds.Count * 2);
        sealedSeeds[^2] = Seal(hmac, FrameKind.Batch, SeedPublisher, next, body);
        sealedSeeds[^1] = Seal(gcm, FrameKind.Batch, SeedPublisher, next + (ulong)seeds.Count, body);
        return sealedSeeds;
    }

    private static MulticastBus Join() => MulticastBus.JoinAsync(new MulticastOptions
    {
        Group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}",
        Interface = "127.0.0.1",
        Loopback = false,
        Key = Key,
    }).GetAwaiter().GetResult();

    private static MulticastBus Subscribed(MulticastBus bus)
    {
        bus.Subscribe<Ping>(static (_, _) => { });
        bus.Subscribe<Pong>(static (_, _) => { });
        bus.Subscribe<Everything>(static (_, _) => { });
        bus.Subscribe<Settings>(static (_, _) => { });
        bus.Subscribe<Hashed>(static (_, _) => { });
        return bus;
    }
}

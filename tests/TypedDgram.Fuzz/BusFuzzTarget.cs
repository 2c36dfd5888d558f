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
/// reader, the sequence check and delivery run on mutated contracts behind a valid tag (every such frame must verify);
/// every other one goes as a keyed batch (kind 1) of the input twice, so that the batch reader's element walk runs on it.
/// Each input is also sealed as the body of a fragment frame (kind 4) and handed to the second bus, so that the fragment
/// body reader and the bounded reassembly run on mutated bodies behind a valid tag (the seeds include genuine fragment
/// bodies and sealed fragment frames of the contract seeds); what reassembly holds must stay within its byte limit.
/// Both buses are joined once on 127.0.0.1 and never receive from the network (a random group, nothing publishes).
/// </summary>
public static class BusFuzzTarget
{
    private const ulong SeedPublisher = 0x5EED_5EED_5EED_5EED;
    private const ulong FuzzPublisher = 0xF022_F022_F022_F022;
    private const ulong FragmentPublisher = 0xF4A6_F4A6_F4A6_F4A6;

    private static readonly GroupKey Key = new(3, Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray());
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 9, 0);
    private static readonly Lazy<MulticastBus> AsReceived = new(() => Join());
    private static readonly Lazy<MulticastBus> Sealed = new(() => Subscribed(Join()));
    private static readonly BusKeyRing Hmac = new(Key, [], confidential: false, FuzzPublisher);
    private static readonly BusKeyRing Gcm = new(Key, [], confidential: true, FuzzPublisher);

    // A publisher of its own for fragments: a fuzzed body may complete a publication under any number, which must not
    // take the numbers SealAndReceive uses.
    private static readonly BusKeyRing FragmentHmac = new(Key, [], confidential: false, FragmentPublisher);
    private static readonly BusKeyRing FragmentGcm = new(Key, [], confidential: true, FragmentPublisher);
    private static ulong s_sequence;
    private static ulong s_round;
    private static ulong s_fragmentSequence;

    // What a bus's reassembly may hold at most, by default.
    private static readonly long MaxReassemblyBytes = new MulticastOptions { Group = "239.0.0.1", Interface = "127.0.0.1" }.MaxReassemblyBytes;

    /// <summary>Frames sealed under the key from the contract seeds: what AFL++ and the smoke start mutating from.</summary>
    public static IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    /// <summary>Runs one input both ways; throws <see cref="FuzzFailure"/> on a bug.</summary>
    public static void Run(byte[] input)
    {
        ReceiveAsItCame(input);
        if (input.Length > 0)
        {
            SealAndReceive(input);
            SealAsFragmentAndReceive(input);
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

        // Every other round a batch frame (kind 1, issue 14) of the input twice, so that the batch reader's element walk
        // runs on mutated bytes with a valid element after them; it takes two publication numbers.
        var batch = round % 4 >= 2;
        var sequence = s_sequence;
        s_sequence += batch ? 2UL : 1UL;
        var frame = batch
            ? Seal(ring, FuzzPublisher, sequence, [0x92, .. contract, .. contract], FrameKind.Batch)
            : Seal(ring, FuzzPublisher, sequence, contract);
        var before = bus.Stats;
        bus.OnDatagram(frame, From with { Size = frame.Length });
        var after = bus.Stats;
        if (after.Received != before.Received + (batch ? 2 : 1) || after.Rejected != before.Rejected)
        {
            throw new FuzzFailure($"a {(batch ? "batch" : "publication")} sealed under the key was not verified or not counted per publication ({ring.Suite}, sequence {sequence}): {after}");
        }
    }

    private static void SealAsFragmentAndReceive(byte[] body)
    {
        var bus = Sealed.Value;
        var sequence = s_fragmentSequence++;
        var ring = sequence % 2 == 0 ? FragmentHmac : FragmentGcm;
        var frame = Seal(ring, FragmentPublisher, sequence, body, FrameKind.Fragment);
        var before = bus.Stats;
        bus.OnDatagram(frame, From with { Size = frame.Length });
        var after = bus.Stats;
        // Rejected may move only as a replay: a fuzzed body completing a publication whose number was already used.
        var verified = after.Rejected - before.Rejected <= after.Fragments.Reassembled - before.Fragments.Reassembled;
        if (!verified || after.Fragments.PendingBytes > MaxReassemblyBytes)
        {
            throw new FuzzFailure($"a fragment frame sealed under the key was not verified, or reassembly held more than its limit ({ring.Suite}, frame {sequence}): {after.Fragments}");
        }
    }

    private static byte[] Seal(BusKeyRing ring, ulong publisher, ulong sequence, byte[] body, FrameKind kind = FrameKind.Publication)
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

    private static IReadOnlyList<byte[]> BuildSeeds()
    {
        var seeds = SeedCorpus.Contracts;
        var sealedSeeds = new List<byte[]>();
        var hmac = new BusKeyRing(Key, [], confidential: false, SeedPublisher);
        var gcm = new BusKeyRing(Key, [], confidential: true, SeedPublisher);
        ulong fragmentFrame = 0;
        for (var i = 0; i < seeds.Count; i++)
        {
            sealedSeeds.Add(Seal(hmac, SeedPublisher, (ulong)(2 * i), seeds[i]));
            sealedSeeds.Add(Seal(gcm, SeedPublisher, (ulong)((2 * i) + 1), seeds[i]));

            // The contract as publication 1,000 + i in two fragments: their bodies, and their frames sealed under the key.
            var half = seeds[i].Length / 2;
            foreach (var (offset, length) in new[] { (0, half), (half, seeds[i].Length - half) }.Where(piece => piece.Item2 > 0))
            {
                var body = FragmentBodyOf((ulong)(1_000 + i), seeds[i], offset, length);
                sealedSeeds.Add(body);
                sealedSeeds.Add(Seal(fragmentFrame % 2 == 0 ? hmac : gcm, SeedPublisher, fragmentFrame, body, FrameKind.Fragment));
                fragmentFrame++;
            }
        }

        // Batches of every contract seed, numbered after the lone ones (a batch takes one number per publication).
        byte[] batch = [0xdc, 0, (byte)seeds.Count, .. seeds.SelectMany(seed => seed)];
        var next = (ulong)(seeds.Count * 2);
        sealedSeeds.Add(Seal(hmac, SeedPublisher, next, batch, FrameKind.Batch));
        sealedSeeds.Add(Seal(gcm, SeedPublisher, next + (ulong)seeds.Count, batch, FrameKind.Batch));
        return sealedSeeds;
    }

    private static byte[] FragmentBodyOf(ulong publication, byte[] contract, int offset, int length)
    {
        var body = new byte[FragmentBody.MaxOverhead + length];
        var written = new FragmentBody(publication, contract.Length, offset, contract.AsSpan(offset, length)).Write(body);
        return body[..written];
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

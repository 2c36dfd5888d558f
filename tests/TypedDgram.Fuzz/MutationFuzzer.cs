using CsCheck;

namespace TypedDgram.Fuzz;

/// <summary>
/// The in-process fuzzer used where AFL++ is not installed (and as the CI smoke): CsCheck generates a seed and a few
/// edits, runs the target, and on a failure shrinks to the smallest failing input and prints its seed to replay.
/// </summary>
public static class MutationFuzzer
{
    private static readonly Gen<Mutation> OneMutation = Gen.Select(
        Gen.Enum<MutationKind>(), Gen.Int[0, 1 << 16], Gen.Int[0, 255], Gen.Int[0, 64],
        (kind, position, value, length) => new Mutation(kind, position, value, length));

    /// <summary>Mutated seed datagrams.</summary>
    public static readonly Gen<byte[]> Inputs = Gen.Select(
        Gen.Int[0, SeedCorpus.Datagrams.Count - 1],
        Gen.Int[0, SeedCorpus.Datagrams.Count - 1],
        OneMutation.Array[1, 8],
        (seed, donor, mutations) => Mutation.Apply(SeedCorpus.Datagrams[seed], SeedCorpus.Datagrams[donor], mutations));

    /// <summary>Fuzzes for <paramref name="seconds"/> (or replays <paramref name="seed"/>); throws on the first failure, shrunk.</summary>
    public static void Run(int seconds, string? seed)
    {
        foreach (var datagram in SeedCorpus.Datagrams)
        {
            FuzzTarget.Run(datagram);
        }

        Inputs.Sample(
            datagram => FuzzTarget.Run(datagram),
            seed: seed,
            iter: seed is null ? long.MaxValue : 1,
            time: seed is null ? seconds : -1,
            threads: 1,
            print: datagram => Convert.ToHexString(datagram));
    }
}

using System.Globalization;
using TypedDgram.Fuzz;

// Modes:
//   afl                   the target under AFL++ (run through tests/TypedDgram.Fuzz/run, on instrumented assemblies)
//   smoke SECONDS [SEED]  in-process mutation fuzzing (CsCheck) for SECONDS, or a replay of a CsCheck SEED
//   corpus DIR            writes the seed datagrams to DIR, one file each
//   replay PATH...        runs the target on files or directories of files (crashes, regression inputs)
var mode = args.Length > 0 ? args[0] : "smoke";
switch (mode)
{
    case "afl":
        SharpFuzz.Fuzzer.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            FuzzTarget.Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
        });
        return 0;

    case "smoke":
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var started = DateTime.UtcNow;
        MutationFuzzer.Run(seconds, args.Length > 2 ? args[2] : null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz smoke: {FuzzTarget.Executions:N0} inputs in {(DateTime.UtcNow - started).TotalSeconds:F0} s ({AuthenticatedTarget.SecretsDispatched:N0} signed mutations read as an authenticated Secret), no failure"));
        return 0;

    case "corpus":
        Directory.CreateDirectory(args[1]);
        for (var i = 0; i < SeedCorpus.Datagrams.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(args[1], string.Create(CultureInfo.InvariantCulture, $"seed-{i:D2}.bin")), SeedCorpus.Datagrams[i]);
        }

        return 0;

    case "replay":
        var failures = 0;
        foreach (var file in args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.GetFiles(path) : [path]))
        {
            try
            {
                FuzzTarget.Run(File.ReadAllBytes(file));
            }
            catch (Exception error)
            {
                failures++;
                Console.WriteLine($"{file}: {error}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed {FuzzTarget.Executions} inputs, {failures} failed"));
        return failures == 0 ? 0 : 1;

    default:
        Console.Error.WriteLine("usage: TypedDgram.Fuzz afl | smoke SECONDS [SEED] | corpus DIR | replay PATH...");
        return 2;
}

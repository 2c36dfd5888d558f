using System.Runtime.CompilerServices;

namespace TypedDgram.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed <c>Snapshots/NAME.verified.cs</c>, exactly. On a difference it writes
/// <c>NAME.received.cs</c> beside it and fails; with <see cref="AcceptVariable"/>=1 it overwrites the verified file instead
/// (see this project's README), except under CI (<see cref="CiVariable"/> set), where the switch is refused.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "TYPEDDGRAM_ACCEPT_SNAPSHOTS";

    /// <summary>Set (to any value) by CI services: GitHub Actions, GitLab, Azure Pipelines, ... .</summary>
    public const string CiVariable = "CI";

    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "") =>
        Verify(Path.Combine(ProjectDirectory(callerPath), "Snapshots"), name, actual, Environment.GetEnvironmentVariable);

    /// <summary>
    /// <see cref="Verify(string, string, string)"/> on snapshots in <paramref name="directory"/>, reading environment
    /// variables through <paramref name="environment"/> (a test of this helper passes its own).
    /// </summary>
    public static void Verify(string directory, string name, string actual, Func<string, string?> environment)
    {
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        var accept = environment(AcceptVariable) == "1";

        // Refused before comparing: a CI job with the switch on would otherwise pass by rewriting the very files it
        // compares against, and a matching run would hide that the switch is on.
        if (accept && !string.IsNullOrEmpty(environment(CiVariable)))
        {
            Assert.Fail($"{AcceptVariable}=1 is refused because {CiVariable} is set: a CI run compares with the committed " +
                $"snapshots and never rewrites them. Accept snapshots on a development machine, review git diff and commit them.");
        }

        if (File.Exists(verified) && File.ReadAllText(verified) == actual)
        {
            File.Delete(received);
            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(File.Exists(verified)
            ? $"Generated source differs from {verified}; see {received}. If the change is intended, rerun with {AcceptVariable}=1."
            : $"No snapshot {verified} yet; see {received}. To accept it, rerun with {AcceptVariable}=1.");
    }

    private static string ProjectDirectory(string callerPath)
    {
        for (var directory = Path.GetDirectoryName(callerPath); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "TypedDgram.Generators.Tests.csproj")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Cannot find the test project above " + callerPath);
    }
}

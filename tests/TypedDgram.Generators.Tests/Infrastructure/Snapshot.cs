using System.Runtime.CompilerServices;

namespace TypedDgram.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed <c>Snapshots/NAME.verified.cs</c>, exactly. On a difference it writes
/// <c>NAME.received.cs</c> beside it and fails; with <see cref="AcceptVariable"/>=1 it overwrites the verified file instead
/// (see this project's README).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "TYPEDDGRAM_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(ProjectDirectory(callerPath), "Snapshots");
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        if (File.Exists(verified) && File.ReadAllText(verified) == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
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

using Xunit.Sdk;

namespace TypedDgram.Generators.Tests.Infrastructure;

/// <summary>
/// The snapshot helper's accept switch: it rewrites a differing <c>.verified.cs</c> on a development machine and is
/// refused under CI. Each test works in a directory of its own under the temp directory, never on <c>Snapshots/</c>.
/// </summary>
public sealed class SnapshotAcceptTests : IDisposable
{
    private const string Name = "Sample";
    private const string Committed = "// committed\n";
    private const string Generated = "// generated now\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("tdg-snapshot-").FullName;

    public SnapshotAcceptTests() => File.WriteAllText(Verified, Committed);

    private string Verified => Path.Combine(_directory, Name + ".verified.cs");

    private string Received => Path.Combine(_directory, Name + ".received.cs");

    [Fact]
    public void Accept_under_CI_fails_saying_why_and_leaves_the_verified_file_unchanged()
    {
        var environment = Environment((Snapshot.AcceptVariable, "1"), (Snapshot.CiVariable, "true"));

        var failure = Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(_directory, Name, Generated, environment));

        Assert.Contains($"{Snapshot.AcceptVariable}=1 is refused because {Snapshot.CiVariable} is set", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Committed, File.ReadAllText(Verified));
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void Accept_under_CI_is_refused_even_when_the_snapshot_matches()
    {
        var environment = Environment((Snapshot.AcceptVariable, "1"), (Snapshot.CiVariable, "true"));

        Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(_directory, Name, Committed, environment));
    }

    [Fact]
    public void Accept_outside_CI_overwrites_the_verified_file()
    {
        Snapshot.Verify(_directory, Name, Generated, Environment((Snapshot.AcceptVariable, "1")));

        Assert.Equal(Generated, File.ReadAllText(Verified));
    }

    [Fact]
    public void A_difference_under_CI_without_accept_fails_and_writes_the_received_file()
    {
        var environment = Environment((Snapshot.CiVariable, "true"));

        Assert.ThrowsAny<XunitException>(() => Snapshot.Verify(_directory, Name, Generated, environment));

        Assert.Equal(Committed, File.ReadAllText(Verified));
        Assert.Equal(Generated, File.ReadAllText(Received));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;
}

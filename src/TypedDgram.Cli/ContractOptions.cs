using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace TypedDgram.Cli;

/// <summary><c>--contracts &lt;assembly&gt;</c> and <c>--contract &lt;name&gt;</c>, as every command that reads or writes contracts takes them.</summary>
internal static class ContractOptions
{
    public static Option<FileInfo?> Assembly(string purpose) => new("--contracts") { Description = $"An assembly whose [Datagram] contracts {purpose}." };

    public static Option<string?> Name(string purpose) => new("--contract") { Description = $"The contract {purpose}, by full name or, when only one has it, simple name (e.g. MyApp.Greeting or Greeting); needs --contracts." };

    /// <summary>Loads the catalog, or writes why it cannot to <paramref name="error"/> and returns null.</summary>
    [RequiresUnreferencedCode("Loads contracts from an assembly by reflection.")]
    [RequiresDynamicCode("Closes generic methods over contract types at run time.")]
    public static async Task<ContractCatalog?> LoadAsync(string command, FileInfo assembly, TextWriter error)
    {
        try
        {
            var catalog = ContractCatalog.Load(assembly.FullName);
            await error.WriteLineAsync($"tdg: {catalog.Count} contracts from {assembly.Name}");
            return catalog;
        }
        catch (Exception failure) when (failure is IOException or BadImageFormatException)
        {
            await error.WriteLineAsync($"tdg {command}: cannot load {assembly.FullName}: {failure.Message}");
            return null;
        }
    }

    /// <summary>The contract named <paramref name="name"/> in the assembly, or null with the reason written to <paramref name="error"/>.</summary>
    [RequiresUnreferencedCode("Loads contracts from an assembly by reflection.")]
    [RequiresDynamicCode("Closes generic methods over contract types at run time.")]
    public static async Task<(ContractCatalog Catalog, Type Contract)?> FindAsync(string command, FileInfo? assembly, string name, TextWriter error)
    {
        if (assembly is null)
        {
            await error.WriteLineAsync($"tdg {command}: --contract {name} needs --contracts <the assembly that declares it>");
            return null;
        }

        if (await LoadAsync(command, assembly, error) is not { } catalog)
        {
            return null;
        }

        if (!catalog.TryFind(name, out var contract, out var problem))
        {
            await error.WriteLineAsync($"tdg {command}: {problem}");
            return null;
        }

        return (catalog, contract);
    }
}

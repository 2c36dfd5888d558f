using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>A recorded line and where it is, so that a diagnostic about it can point at it.</summary>
    internal sealed record RecordedLine(RecordedContract Contract, Location Location);

    /// <summary>One of the two files: its lines by contract name, and the lines that could not be read.</summary>
    internal sealed class ContractFile
    {
        private ContractFile(string? path, Dictionary<string, RecordedLine> lines, List<Location> unreadable)
        {
            Path = path;
            Lines = lines;
            Unreadable = unreadable;
        }

        /// <summary>The file's path, or null when the project has no such file.</summary>
        public string? Path { get; }

        /// <summary>The recorded contracts by CLR full name.</summary>
        public IReadOnlyDictionary<string, RecordedLine> Lines { get; }

        /// <summary>Lines that are neither a contract, a comment (<c>#</c>) nor blank.</summary>
        public IReadOnlyList<Location> Unreadable { get; }

        public static readonly ContractFile Missing = new ContractFile(null, new Dictionary<string, RecordedLine>(), new List<Location>());

        public static ContractFile Read(AdditionalText file, CancellationToken cancellationToken)
        {
            var lines = new Dictionary<string, RecordedLine>(StringComparer.Ordinal);
            var unreadable = new List<Location>();
            var text = file.GetText(cancellationToken);
            if (text is not null)
            {
                foreach (var line in text.Lines)
                {
                    var content = line.ToString();
                    var trimmed = content.Trim();
                    if (trimmed.Length == 0 || trimmed[0] == '#')
                    {
                        continue;
                    }

                    var start = content.Length - content.TrimStart().Length;
                    var span = new TextSpan(line.Start + start, trimmed.Length);
                    var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
                    if (RecordedContract.Parse(trimmed) is { } contract)
                    {
                        lines[contract.Name] = new RecordedLine(contract, location);
                    }
                    else
                    {
                        unreadable.Add(location);
                    }
                }
            }

            return new ContractFile(file.Path, lines, unreadable);
        }
    }

    /// <summary>
    /// DatagramContracts.Shipped.txt (what peers already run) and DatagramContracts.Unshipped.txt (what this build adds
    /// since), read once per compilation. A project with neither has no <see cref="ContractFiles"/>: the rules are opt-in.
    /// </summary>
    internal sealed class ContractFiles
    {
        public const string ShippedFileName = "DatagramContracts.Shipped.txt";
        public const string UnshippedFileName = "DatagramContracts.Unshipped.txt";

        private ContractFiles(ContractFile shipped, ContractFile unshipped)
        {
            Shipped = shipped;
            Unshipped = unshipped;
            ShippedById = shipped.Lines.Values
                .Where(line => line.Contract.TypeId is not null)
                .GroupBy(line => line.Contract.TypeId!.Value)
                .ToDictionary(group => group.Key, group => group.Select(line => line.Contract.Name).OrderBy(n => n, StringComparer.Ordinal).ToImmutableArray());
        }

        public ContractFile Shipped { get; }

        public ContractFile Unshipped { get; }

        /// <summary>The names of the shipped contracts with each type id.</summary>
        public IReadOnlyDictionary<uint, ImmutableArray<string>> ShippedById { get; }

        /// <summary>The files among the project's additional files, or null when it has neither.</summary>
        public static ContractFiles? Find(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        {
            ContractFile? shipped = null;
            ContractFile? unshipped = null;
            foreach (var file in additionalFiles)
            {
                var name = System.IO.Path.GetFileName(file.Path);
                if (shipped is null && string.Equals(name, ShippedFileName, StringComparison.OrdinalIgnoreCase))
                {
                    shipped = ContractFile.Read(file, cancellationToken);
                }
                else if (unshipped is null && string.Equals(name, UnshippedFileName, StringComparison.OrdinalIgnoreCase))
                {
                    unshipped = ContractFile.Read(file, cancellationToken);
                }
            }

            return shipped is null && unshipped is null ? null : new ContractFiles(shipped ?? ContractFile.Missing, unshipped ?? ContractFile.Missing);
        }
    }
}

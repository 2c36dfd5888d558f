using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Contracts;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>
    /// Checks every contract and part against DatagramContracts.Shipped.txt by the versioning rules of
    /// docs/wire-format.md section 4 (TDG1101..TDG1107), and that its current layout is recorded (TDG1108). Opt-in like
    /// PublicApiAnalyzers: a project without either file registers nothing past compilation start, so it costs nothing.
    /// It looks only at types with [Datagram] or [DatagramPart] and at the two files.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ContractCompatibilityAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The property of a TDG1108 diagnostic holding the line to record.</summary>
        public const string LineProperty = "Line";

        /// <summary>The property of a TDG1108 diagnostic naming the Unshipped line the new one replaces, when it has another name.</summary>
        public const string ReplacesProperty = "Replaces";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            CompatibilityDescriptors.MemberRemoved,
            CompatibilityDescriptors.MemberMoved,
            CompatibilityDescriptors.MemberRetyped,
            CompatibilityDescriptors.MemberRequired,
            CompatibilityDescriptors.TypeIdChanged,
            CompatibilityDescriptors.TypeIdReused,
            CompatibilityDescriptors.ShippedContractDeleted,
            CompatibilityDescriptors.NotRecorded,
            CompatibilityDescriptors.UnreadableLine);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (ContractFiles.Find(start.Options.AdditionalFiles, start.CancellationToken) is not { } files)
                {
                    return;
                }

                var present = new ConcurrentDictionary<uint, string>();
                start.RegisterSymbolAction(symbol => AnalyzeType(symbol, files, present), SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end => AnalyzeFiles(end, files, present));
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, ContractFiles files, ConcurrentDictionary<uint, string> present)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var isPart = false;
            var attribute = ContractSymbols.GetAttribute(type, KnownNames.DatagramAttribute);
            if (attribute is null)
            {
                attribute = ContractSymbols.GetAttribute(type, KnownNames.DatagramPartAttribute);
                isPart = true;
            }

            // A record the generator cannot implement has its own error (TDG1001, TDG1003, ...); checking it would pile on.
            if (attribute is null || ContractParser.Parse(type, attribute, isPart) is not { } info)
            {
                return;
            }

            var current = RecordedContract.From(info);
            if (current.TypeId is uint id)
            {
                present[id] = current.Name;
            }

            var site = new ContractSite(context, type, attribute);
            string? replaces = null;
            if (!files.Shipped.Lines.TryGetValue(current.Name, out var shippedLine))
            {
                var shippedWithId = current.TypeId is uint newId && files.ShippedById.TryGetValue(newId, out var names) ? names[0] : null;
                if (shippedWithId is null)
                {
                    ReportIfNotRecorded(site, files, current, shipped: null, replaces: null);
                    return;
                }

                var previous = files.Shipped.Lines[shippedWithId].Contract;
                var stillThere = IsContractIn(context.Compilation, shippedWithId);
                if (stillThere || MemberChanges.Breaking(previous, current).Count > 0)
                {
                    site.Report(CompatibilityDescriptors.TypeIdReused, site.IdLocation, current.Name, RecordedContract.FormatId(current.TypeId!.Value), shippedWithId,
                        stillThere ? string.Empty : " with another layout");
                    return;
                }

                // The shipped contract with this explicit id is gone and the layout reads the same: a rename, which the wire never sees.
                replaces = files.Unshipped.Lines.ContainsKey(shippedWithId) ? shippedWithId : null;
                ReportIfNotRecorded(site, files, current, previous, replaces);
                return;
            }

            var shipped = shippedLine.Contract;
            var breaking = false;
            if (current.TypeId is uint currentId && shipped.TypeId is uint shippedId && currentId != shippedId)
            {
                breaking = true;
                var other = files.ShippedById.TryGetValue(currentId, out var owners) ? owners.FirstOrDefault(n => n != current.Name) : null;
                if (other is not null)
                {
                    site.Report(CompatibilityDescriptors.TypeIdReused, site.IdLocation, current.Name, RecordedContract.FormatId(currentId), other, string.Empty);
                }
                else
                {
                    site.Report(CompatibilityDescriptors.TypeIdChanged, site.IdLocation, current.Name, RecordedContract.FormatId(shippedId), RecordedContract.FormatId(currentId),
                        (shippedId & TypeIdHash.HashedBit) != 0 && ContractSymbols.ExplicitId(attribute) is null ? " (hashed from its full name, which changed)" : string.Empty);
                }
            }

            foreach (var change in MemberChanges.Breaking(shipped, current))
            {
                breaking = true;
                site.Report(change);
            }

            if (!breaking)
            {
                ReportIfNotRecorded(site, files, current, shipped, replaces);
            }
        }

        private static void ReportIfNotRecorded(ContractSite site, ContractFiles files, RecordedContract current, RecordedContract? shipped, string? replaces)
        {
            var recorded = files.Unshipped.Lines.TryGetValue(replaces ?? current.Name, out var unshipped) ? unshipped.Contract : shipped;
            if (current.Equals(recorded) && replaces is null)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(LineProperty, current.ToString());
            if (replaces is not null)
            {
                properties = properties.Add(ReplacesProperty, replaces);
            }

            site.Context.ReportDiagnostic(Diagnostic.Create(CompatibilityDescriptors.NotRecorded, site.Identifier, properties, current.Name, current.ToString()));
        }

        private static bool IsContractIn(Compilation compilation, string metadataName)
            => compilation.GetTypeByMetadataName(metadataName) is { } type && (ContractSymbols.IsContract(type) || ContractSymbols.IsPart(type));

        private static void AnalyzeFiles(CompilationAnalysisContext context, ContractFiles files, ConcurrentDictionary<uint, string> present)
        {
            foreach (var (file, name) in new[] { (files.Shipped, ContractFiles.ShippedFileName), (files.Unshipped, ContractFiles.UnshippedFileName) })
            {
                foreach (var location in file.Unreadable)
                {
                    context.ReportDiagnostic(Diagnostic.Create(CompatibilityDescriptors.UnreadableLine, location, name));
                }
            }

            foreach (var line in files.Shipped.Lines.Values.OrderBy(l => l.Contract.Name, System.StringComparer.Ordinal))
            {
                var shipped = line.Contract;
                if (IsContractIn(context.Compilation, shipped.Name))
                {
                    continue;
                }

                // Renamed with its explicit id kept: the contract now under that id is checked against this line instead.
                if (shipped.TypeId is uint id && present.TryGetValue(id, out var renamed) && !files.Shipped.Lines.ContainsKey(renamed))
                {
                    continue;
                }

                var hint = shipped.TypeId is uint hashed && (hashed & TypeIdHash.HashedBit) != 0
                    ? " (if it was renamed or moved, its hashed type id changed with its name: keep the name)"
                    : string.Empty;
                context.ReportDiagnostic(Diagnostic.Create(CompatibilityDescriptors.ShippedContractDeleted, line.Location, shipped.TypeId is null ? "part" : "contract", shipped.Name, hint));
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using TypedDgram.Generators.Compatibility;

namespace TypedDgram.CodeFixes
{
    /// <summary>
    /// TDG1108: writes the contract's current line into DatagramContracts.Unshipped.txt, replacing the line it had there
    /// (in place, so the diff is that one line) or adding it before the first line that sorts after it. Fix All records
    /// every contract of the scope in one edit of each project's file.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RecordContractCodeFix)), Shared]
    public sealed class RecordContractCodeFix : CodeFixProvider
    {
        private const string NotRecordedId = "TDG1108";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(NotRecordedId);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => RecordAll.Instance;

        /// <inheritdoc />
        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (ToEntry(diagnostic) is not { } entry)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Record '" + entry.Name + "' in " + ContractFiles.UnshippedFileName,
                        cancellationToken => RecordAsync(context.Document.Project.Solution, context.Document.Project.Id, new[] { entry }, cancellationToken),
                        equivalenceKey: nameof(RecordContractCodeFix)),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        internal sealed record Entry(string Name, string Line, string? Replaces);

        private static Entry? ToEntry(Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(ContractCompatibilityAnalyzer.LineProperty, out var line) || line is null)
            {
                return null;
            }

            diagnostic.Properties.TryGetValue(ContractCompatibilityAnalyzer.ReplacesProperty, out var replaces);
            return new Entry(Key(line)!, line, replaces);
        }

        private static async Task<Solution> RecordAsync(Solution solution, ProjectId projectId, IReadOnlyList<Entry> entries, CancellationToken cancellationToken)
        {
            var project = solution.GetProject(projectId);
            if (project is null || entries.Count == 0)
            {
                return solution;
            }

            var unshipped = project.AdditionalDocuments.FirstOrDefault(d => IsNamed(d, ContractFiles.UnshippedFileName));
            if (unshipped is null)
            {
                // Only the Shipped file so far: the Unshipped one goes next to it.
                var shipped = project.AdditionalDocuments.FirstOrDefault(d => IsNamed(d, ContractFiles.ShippedFileName));
                var path = shipped?.FilePath is { } shippedPath ? Path.Combine(Path.GetDirectoryName(shippedPath) ?? string.Empty, ContractFiles.UnshippedFileName) : null;
                var text = SourceText.From(Apply(string.Empty, entries));
                return solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), ContractFiles.UnshippedFileName, text, shipped?.Folders, path);
            }

            var current = await unshipped.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return solution.WithAdditionalDocumentText(unshipped.Id, SourceText.From(Apply(current.ToString(), entries), current.Encoding));
        }

        private static bool IsNamed(TextDocument document, string name)
            => string.Equals(Path.GetFileName(document.FilePath ?? document.Name), name, StringComparison.OrdinalIgnoreCase);

        /// <summary>The file's text with each entry's line in place of the line for its name (or the name it replaces), else inserted in order.</summary>
        internal static string Apply(string text, IEnumerable<Entry> entries)
        {
            var newLine = text.Contains("\r\n") ? "\r\n" : "\n";
            var lines = text.Length == 0 ? new List<string>() : text.Replace("\r\n", "\n").Split('\n').ToList();
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            foreach (var entry in entries.GroupBy(e => e.Name, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var index = lines.FindIndex(line => Key(line) is { } key && (key == entry.Name || key == entry.Replaces));
                if (index >= 0)
                {
                    lines[index] = entry.Line;
                    lines.RemoveAll(line => !ReferenceEquals(line, entry.Line) && Key(line) is { } key && (key == entry.Name || key == entry.Replaces));
                    continue;
                }

                var after = lines.FindIndex(line => Key(line) is { } key && string.CompareOrdinal(key, entry.Name) > 0);
                lines.Insert(after < 0 ? lines.Count : after, entry.Line);
            }

            return string.Join(newLine, lines) + newLine;
        }

        // The contract name a line records, or null for a comment or a blank line.
        private static string? Key(string line)
        {
            var trimmed = line.Trim();
            var equals = trimmed.IndexOf(" = ", StringComparison.Ordinal);
            return trimmed.Length == 0 || trimmed[0] == '#' || equals <= 0 ? null : trimmed.Substring(0, equals);
        }

        /// <summary>Fix All: one edit per project's file with every not-recorded contract of the scope.</summary>
        private sealed class RecordAll : FixAllProvider
        {
            public static readonly RecordAll Instance = new RecordAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var diagnostics = new List<(ProjectId Project, Diagnostic Diagnostic)>();
                switch (fixAllContext.Scope)
                {
                    case FixAllScope.Document when fixAllContext.Document is { } document:
                        diagnostics.AddRange((await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)).Select(d => (document.Project.Id, d)));
                        break;
                    case FixAllScope.Project:
                        diagnostics.AddRange((await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false)).Select(d => (fixAllContext.Project.Id, d)));
                        break;
                    case FixAllScope.Solution:
                        foreach (var project in fixAllContext.Solution.Projects)
                        {
                            diagnostics.AddRange((await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false)).Select(d => (project.Id, d)));
                        }

                        break;
                }

                return CodeAction.Create(
                    "Record every contract in " + ContractFiles.UnshippedFileName,
                    async cancellationToken =>
                    {
                        var solution = fixAllContext.Solution;
                        foreach (var group in diagnostics.GroupBy(d => d.Project))
                        {
                            var entries = group.Select(d => ToEntry(d.Diagnostic)).OfType<Entry>().ToList();
                            solution = await RecordAsync(solution, group.Key, entries, cancellationToken).ConfigureAwait(false);
                        }

                        return solution;
                    },
                    equivalenceKey: fixAllContext.CodeActionEquivalenceKey);
            }
        }
    }
}

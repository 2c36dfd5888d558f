namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>Wrappers that turn a few statements into a compilable file.</summary>
internal static class Snippets
{
    public static string InMethod(string statements) => $$"""
        class Snippet
        {
            async Task Run(byte[] buffer, string text, DgramSocket socket)
            {
                {{statements}}
                await Task.CompletedTask;
            }
        }
        """;
}

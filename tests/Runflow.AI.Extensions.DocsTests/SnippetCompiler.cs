using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>Compiles a block with Roslyn the way a reader's project would: as its own C# file, against exactly the given packages.</summary>
internal static class SnippetCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ConcurrentDictionary<string, MetadataReference> References = new(StringComparer.Ordinal);

    /// <summary>
    /// Compiles <paramref name="snippet"/> with its scaffold against the closure of <paramref name="packages"/>: as a
    /// program when the block has top-level statements, otherwise as a library; nullable enabled; only errors count.
    /// </summary>
    public static SnippetCompileResult Compile(DocumentationSnippet snippet, IEnumerable<string> packages, CancellationToken cancellationToken)
    {
        var block = CSharpSyntaxTree.ParseText(snippet.Code, ParseOptions, snippet.File, cancellationToken: cancellationToken);
        var scaffold = SnippetScaffold.For(block.GetCompilationUnitRoot(cancellationToken));
        var trees = scaffold.Parts
            .Select(part => CSharpSyntaxTree.ParseText(part.Source, ParseOptions, part.Label, cancellationToken: cancellationToken))
            .Prepend(block);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            trees,
            PackageCatalog.Instance.AssemblyPaths(packages).Select(path => References.GetOrAdd(path, p => MetadataReference.CreateFromFile(p))),
            new CSharpCompilationOptions(
                scaffold.HasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics(cancellationToken)
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => Format(diagnostic, block, snippet))
            .ToList();
        return new SnippetCompileResult(errors, scaffold.Parts.Select(part => part.Label).ToList());
    }

    /// <summary>An error as <c>README.md(57,5): error CS0103: …</c>, at its line in the Markdown file.</summary>
    private static string Format(Diagnostic diagnostic, SyntaxTree block, DocumentationSnippet snippet)
    {
        var message = $"error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
        if (!diagnostic.Location.IsInSource)
        {
            return message;
        }

        if (diagnostic.Location.SourceTree != block)
        {
            return $"{diagnostic.Location.SourceTree?.FilePath}: {message}";
        }

        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return $"{snippet.File}({snippet.FirstLine + start.Line},{start.Character + 1}): {message}";
    }
}

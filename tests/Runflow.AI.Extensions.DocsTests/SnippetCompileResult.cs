namespace Runflow.AI.Extensions.DocsTests;

/// <summary>The outcome of compiling a block against a set of packages.</summary>
/// <param name="Errors">The error diagnostics, placed at their line in the Markdown file; warnings are left out.</param>
/// <param name="Scaffolding">The labels of what was compiled beside the block (implicit usings, givens, stand-ins).</param>
internal sealed record SnippetCompileResult(IReadOnlyList<string> Errors, IReadOnlyList<string> Scaffolding)
{
    /// <summary>Whether the block compiled without errors.</summary>
    public bool Succeeded => Errors.Count == 0;
}

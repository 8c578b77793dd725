namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// Checks one block against the convention: its header names packages the test knows, it compiles with exactly them,
/// and it needs each of them.
/// </summary>
internal static class SnippetCheck
{
    /// <summary>What is wrong with the block, one message each; empty when it follows the convention.</summary>
    public static IReadOnlyList<string> Failures(DocumentationSnippet snippet, CancellationToken cancellationToken)
    {
        if (snippet.Problems.Count > 0)
        {
            return snippet.Problems;
        }

        var catalog = PackageCatalog.Instance;
        var failures = new List<string>();
        foreach (var package in snippet.Packages)
        {
            var known = catalog.Find(package);
            if (known is null)
            {
                failures.Add(
                    $"{snippet.Name} names {package}, a package this test does not know: fix the name, or reference the package " +
                    "from tests/Runflow.AI.Extensions.DocsTests so that it is in the test's deps.json.");
            }
            else if (known != package)
            {
                failures.Add($"{snippet.Name} names {package}: write it {known}.");
            }
        }

        if (failures.Count > 0)
        {
            return failures;
        }

        var result = SnippetCompiler.Compile(snippet, snippet.Packages, cancellationToken);
        if (!result.Succeeded)
        {
            return [CompileFailure(snippet, result, cancellationToken)];
        }

        foreach (var package in snippet.Packages)
        {
            var rest = snippet.Packages.Where(other => other != package).ToList();
            if (!SnippetCompiler.Compile(snippet, rest, cancellationToken).Succeeded)
            {
                continue;
            }

            var bringer = rest.FirstOrDefault(other => catalog.Closure([other]).Contains(package));
            failures.Add(bringer is null
                ? $"{snippet.Name} names {package}, but does not need it: it compiles without it, so remove the line `// dotnet add package {package}`."
                : $"{snippet.Name} names {package}, but compiles without it: {bringer} brings it, so remove the line `// dotnet add package {package}`.");
        }

        return failures;
    }

    /// <summary>The file, block number, block and errors, with the package the header omits when adding one fixes it.</summary>
    private static string CompileFailure(DocumentationSnippet snippet, SnippetCompileResult result, CancellationToken cancellationToken)
    {
        var catalog = PackageCatalog.Instance;
        var closure = catalog.Closure(snippet.Packages);
        var fixes = catalog.DirectReferences
            .Where(candidate => !closure.Contains(candidate))
            .Where(candidate => SnippetCompiler.Compile(snippet, [.. snippet.Packages, candidate], cancellationToken).Succeeded)
            .ToList();

        // Of the packages that fix it, name the smallest: those no other fixing package brings.
        var smallest = fixes.Where(fix => !fixes.Any(other => other != fix && catalog.Closure([fix]).Contains(other))).ToList();
        var hint = smallest.Count switch
        {
            0 => "",
            1 => $"It compiles with {smallest[0]} added: the block omits `// dotnet add package {smallest[0]}`.\n",
            _ => $"It compiles with any one of {string.Join(", ", smallest)} added: the block omits one of them (`// dotnet add package …`).\n",
        };

        return $"""
            {snippet.Name} (line {snippet.FirstLine}) does not compile with {Named(snippet.Packages)}.
            {hint}Compiled beside it: {string.Join("; ", result.Scaffolding)}.

            {snippet.Quoted}

            {string.Join("\n", result.Errors)}
            """;
    }

    private static string Named(IReadOnlyList<string> packages) =>
        packages.Count == 1 ? $"{packages[0]} and what it brings" : $"{string.Join(", ", packages)} and what they bring";
}

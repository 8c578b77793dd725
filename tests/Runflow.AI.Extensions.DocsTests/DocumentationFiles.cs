namespace Runflow.AI.Extensions.DocsTests;

/// <summary>The Markdown files the documentation tests cover, as repository-relative paths written with '/'.</summary>
internal static class DocumentationFiles
{
    /// <summary>
    /// The files whose C# blocks are compiled: README.md, every Markdown file under docs/, every package readme
    /// (src/*/README.md) and samples/README.md.
    /// </summary>
    public static IReadOnlyList<string> WithSnippets()
    {
        var root = RepositoryRoot();
        var files = new List<string> { "README.md" };
        var docs = Path.Combine(root, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Select(Relative).Order(StringComparer.Ordinal));
        }

        files.AddRange(PackageReadmes());
        if (File.Exists(Path.Combine(root, "samples", "README.md")))
        {
            files.Add("samples/README.md");
        }

        return files;
    }

    /// <summary>The package readmes, src/*/README.md: shown on a package page, where relative links break.</summary>
    public static IReadOnlyList<string> PackageReadmes() =>
        Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src"))
            .Select(project => Path.Combine(project, "README.md"))
            .Where(File.Exists)
            .Select(Relative)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text of a covered file.</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(RepositoryRoot(), relativePath));

    /// <summary>The folder holding the solution, found from the test binaries (source paths are mapped in CI builds).</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Runflow.AI.Extensions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Runflow.AI.Extensions.sln above {AppContext.BaseDirectory}.");
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot(), path).Replace('\\', '/');
}

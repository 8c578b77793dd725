using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// One C# block of a covered Markdown file, with the packages its header lines name
/// (<c>// dotnet add package &lt;PackageId&gt;</c>, one per line, first in the block).
/// </summary>
internal sealed partial class DocumentationSnippet
{
    private static readonly Lazy<IReadOnlyList<DocumentationSnippet>> Covered = new(() =>
        DocumentationFiles.WithSnippets().SelectMany(file => Parse(file, DocumentationFiles.Read(file))).ToList());

    private DocumentationSnippet(string file, int number, int firstLine, string code)
    {
        File = file;
        Number = number;
        FirstLine = firstLine;
        Code = code;

        var lines = code.Split('\n');
        var packages = new List<string>();
        var problems = new List<string>();
        var header = 0;
        for (; header < lines.Length && HeaderLine().Match(lines[header].TrimEnd()) is { Success: true } match; header++)
        {
            var package = match.Groups["package"].Value;
            if (packages.Contains(package, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{Name} names {package} twice.");
            }
            else
            {
                packages.Add(package);
            }
        }

        if (packages.Count == 0)
        {
            problems.Add($"C# block {Number} of {File} names no package: start it with `// dotnet add package …`.");
        }

        for (var i = header; i < lines.Length; i++)
        {
            if (LooseHeaderLine().IsMatch(lines[i]))
            {
                problems.Add(
                    $"{File}({FirstLine + i}): `{lines[i].Trim()}` in C# block {Number} is not read as a header line: header lines come " +
                    "first in the block, each exactly `// dotnet add package <PackageId>`.");
            }
        }

        Packages = packages;
        Problems = problems;
        Summary = lines.Skip(header).Select(line => line.Trim()).FirstOrDefault(IsMeaningful) ?? "(empty)";
    }

    /// <summary>The repository-relative path of the Markdown file.</summary>
    public string File { get; }

    /// <summary>The 1-based number of the block among the file's C# blocks.</summary>
    public int Number { get; }

    /// <summary>The 1-based line of the Markdown file that holds the block's first line.</summary>
    public int FirstLine { get; }

    /// <summary>The block's text, header lines included, as the reader copies it.</summary>
    public string Code { get; }

    /// <summary>The packages the header lines name, in order.</summary>
    public IReadOnlyList<string> Packages { get; }

    /// <summary>What is wrong with the header lines; empty when they follow the convention.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The block's first line of code (not a header, comment or using directive).</summary>
    public string Summary { get; }

    /// <summary>How messages name the block: <c>README.md C# block 3</c>.</summary>
    public string Name => $"{File} C# block {Number}";

    /// <summary>The test's display name: the block's name and its first line of code.</summary>
    public string Title => $"{Name}: {(Summary.Length <= 70 ? Summary : Summary[..69] + "…")}";

    /// <summary>The block as it appears in the Markdown, for failure messages.</summary>
    public string Quoted => $"```csharp\n{Code}\n```";

    /// <summary>The C# blocks of every covered file, read once.</summary>
    public static IReadOnlyList<DocumentationSnippet> All => Covered.Value;

    /// <summary>The C# blocks of <paramref name="markdown"/>, numbered from 1 as messages name them.</summary>
    public static IReadOnlyList<DocumentationSnippet> Parse(string file, string markdown) =>
        MarkdownFence.Parse(markdown)
            .Where(fence => fence.IsCSharp)
            .Select((fence, index) => new DocumentationSnippet(file, index + 1, fence.FirstLine, fence.Content))
            .ToList();

    /// <summary>The covered block <paramref name="number"/> of <paramref name="file"/>.</summary>
    public static DocumentationSnippet Find(string file, int number) =>
        All.SingleOrDefault(snippet => snippet.File == file && snippet.Number == number)
        ?? throw new InvalidOperationException($"{file} has no C# block {number} any more; rerun discovery.");

    private static bool IsMeaningful(string line) =>
        line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal) && !UsingDirective().IsMatch(line);

    [GeneratedRegex(@"^// dotnet add package (?<package>[A-Za-z0-9_][A-Za-z0-9_.\-]*)$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\s*//\s*dotnet\s+add\s+package\b")]
    private static partial Regex LooseHeaderLine();

    [GeneratedRegex(@"^(global\s+)?using\s+(static\s+)?[\w.=\s<>,]+;$")]
    private static partial Regex UsingDirective();
}

using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>A fenced code block of a Markdown file.</summary>
/// <param name="Language">The first word of the info string, lower-cased (<c>csharp</c>, <c>bash</c>, or empty).</param>
/// <param name="OpeningLine">The 1-based line of the opening fence.</param>
/// <param name="ClosingLine">The 1-based line of the closing fence (one past the last line when the fence is never closed).</param>
/// <param name="Content">The lines between the fences, without the opening fence's indentation, joined with '\n'.</param>
internal sealed partial record MarkdownFence(string Language, int OpeningLine, int ClosingLine, string Content)
{
    /// <summary>The 1-based line of the first content line.</summary>
    public int FirstLine => OpeningLine + 1;

    /// <summary>Whether the block is C#: <c>csharp</c>, <c>cs</c> or <c>c#</c>.</summary>
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";

    /// <summary>The fenced blocks of <paramref name="markdown"/>, in order. Fences may be indented (inside list items).</summary>
    public static IReadOnlyList<MarkdownFence> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var fences = new List<MarkdownFence>();
        for (var i = 0; i < lines.Length; i++)
        {
            var opening = Opening().Match(lines[i]);
            if (!opening.Success)
            {
                continue;
            }

            var indent = opening.Groups["indent"].Value.Length;
            var marker = opening.Groups["marker"].Value;
            var content = new List<string>();
            var j = i + 1;
            for (; j < lines.Length && !IsClosing(lines[j], marker); j++)
            {
                content.Add(Unindent(lines[j], indent));
            }

            fences.Add(new MarkdownFence(opening.Groups["language"].Value.ToLowerInvariant(), i + 1, j + 1, string.Join('\n', content)));
            i = j;
        }

        return fences;
    }

    private static bool IsClosing(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    private static string Unindent(string line, int indent)
    {
        var spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] is ' ' or '\t')
        {
            spaces++;
        }

        return line[spaces..];
    }

    [GeneratedRegex(@"^(?<indent>[ \t]*)(?<marker>`{3,}|~{3,})[ \t]*(?<language>[^\s`]*)")]
    private static partial Regex Opening();
}

using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>A link or image target of a Markdown file, outside code blocks and code spans.</summary>
/// <param name="Line">The 1-based line it is on.</param>
/// <param name="Text">The link as written, for messages.</param>
/// <param name="Target">Where it points.</param>
internal sealed partial record MarkdownLink(int Line, string Text, string Target)
{
    /// <summary>
    /// The inline links and images (<c>[text](target)</c>, <c>![alt](target)</c>), reference definitions
    /// (<c>[label]: target</c>) and HTML <c>href</c>/<c>src</c> attributes of <paramref name="markdown"/>.
    /// </summary>
    public static IReadOnlyList<MarkdownLink> FindAll(string markdown)
    {
        var prose = Prose(markdown);
        return new[] { Inline(), Definition(), Html() }
            .SelectMany(pattern => pattern.Matches(prose))
            .OrderBy(match => match.Index)
            .Select(match => new MarkdownLink(
                prose.AsSpan(0, match.Index).Count('\n') + 1,
                match.Value.Trim(),
                match.Groups["target"].Value))
            .ToList();
    }

    /// <summary>The text without fenced blocks and code spans, blanked so that offsets and line numbers stay the same.</summary>
    public static string Prose(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        foreach (var fence in MarkdownFence.Parse(markdown))
        {
            for (var line = fence.OpeningLine; line <= fence.ClosingLine && line <= lines.Length; line++)
            {
                lines[line - 1] = "";
            }
        }

        return CodeSpan().Replace(string.Join('\n', lines), span => new string(' ', span.Length));
    }

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?:<(?<target>[^>]*)>|(?<target>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:""[^""]*""|'[^']*'))?\s*\)")]
    private static partial Regex Inline();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:[ \t]*<?(?<target>[^\s>]+)>?", RegexOptions.Multiline)]
    private static partial Regex Definition();

    [GeneratedRegex(@"<(?:a|img|source)\b[^>]*?\b(?:href|src|srcset)\s*=\s*[""'](?<target>[^""']*)[""'][^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Html();

    [GeneratedRegex(@"(`+)[^`].*?\1|``")]
    private static partial Regex CodeSpan();
}

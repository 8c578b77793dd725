using System.Text;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>The anchors the headings of a Markdown file get, the way GitHub and package pages make them.</summary>
internal static partial class MarkdownAnchors
{
    /// <summary>
    /// One anchor per ATX heading outside code blocks: lower-cased, punctuation dropped, spaces as '-'; a repeated one
    /// gets <c>-1</c>, <c>-2</c>, ….
    /// </summary>
    public static IReadOnlySet<string> Of(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(MarkdownLink.Prose(markdown)))
        {
            var slug = Slug(heading.Groups["text"].Value);
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>A heading's anchor: inline links reduced to their text, then lower-case letters, digits, '-' and '_' kept, spaces as '-'.</summary>
    public static string Slug(string heading)
    {
        var text = LinkText().Replace(heading, "${text}");
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();
}

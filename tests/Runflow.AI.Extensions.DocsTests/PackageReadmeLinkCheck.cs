namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// Checks that a package readme links only absolutely: a package page shows the readme away from the repository, so a
/// relative link or image breaks there. An anchor of the same file (<c>#section</c>) is fine when that heading exists.
/// </summary>
internal static class PackageReadmeLinkCheck
{
    /// <summary>What is wrong with the readme's links, one message each; empty when every link is absolute or a live anchor.</summary>
    public static IReadOnlyList<string> Problems(string file, string markdown)
    {
        var anchors = MarkdownAnchors.Of(markdown);
        var problems = new List<string>();
        foreach (var link in MarkdownLink.FindAll(markdown))
        {
            if (link.Target.StartsWith("https://", StringComparison.Ordinal))
            {
                continue;
            }

            if (link.Target.StartsWith('#'))
            {
                if (!anchors.Contains(Uri.UnescapeDataString(link.Target[1..])))
                {
                    problems.Add($"{file}({link.Line}): `{link.Text}` points to #{link.Target[1..]}, which no heading of {file} makes.");
                }

                continue;
            }

            problems.Add(
                $"{file}({link.Line}): `{link.Text}` is not absolute, so it breaks on the package page: write the full https:// address.");
        }

        return problems;
    }
}

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// Every link and image of a package readme (src/*/README.md) is absolute (<c>https://…</c>), since a package page
/// shows the readme away from the repository; a link to an anchor of the same file is fine when that heading exists.
/// </summary>
public sealed class PackageReadmeLinkTests
{
    /// <summary>One row per package readme.</summary>
    public static TheoryData<string> PackageReadmes => new(DocumentationFiles.PackageReadmes());

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void Package_readme_links_are_absolute(string file)
    {
        var problems = PackageReadmeLinkCheck.Problems(file, DocumentationFiles.Read(file));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

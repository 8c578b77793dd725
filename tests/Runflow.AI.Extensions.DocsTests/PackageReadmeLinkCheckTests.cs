namespace Runflow.AI.Extensions.DocsTests;

/// <summary>The package readme link check itself, on Markdown written here.</summary>
public sealed class PackageReadmeLinkCheckTests
{
    [Fact]
    public void Absolute_links_and_anchors_of_existing_headings_pass() =>
        Assert.Empty(PackageReadmeLinkCheck.Problems("README.md", """
            # Runflow.AI.Extensions.Emulator

            See [the repository](https://github.com/runflow-ai/Runflow.AI.Extensions), [Embeddings](#embeddings) and
            [the model](#the-chat-model-rule-by-rule). ![logo](https://example.com/logo.png "Logo")

            ## Embeddings

            ## The chat model, rule by rule
            """));

    [Fact]
    public void Relative_links_and_images_fail_with_their_line() =>
        Assert.Equal(
            [
                "README.md(2): `[reliability](../../docs/reliability.md)` is not absolute, so it breaks on the package page: write the full https:// address.",
                "README.md(3): `![diagram](docs/diagram.png)` is not absolute, so it breaks on the package page: write the full https:// address.",
                "README.md(4): `[http](http://example.com)` is not absolute, so it breaks on the package page: write the full https:// address.",
                "README.md(5): `[ref]: samples/README.md` is not absolute, so it breaks on the package page: write the full https:// address.",
                "README.md(6): `<img src=\"logo.png\">` is not absolute, so it breaks on the package page: write the full https:// address.",
            ],
            PackageReadmeLinkCheck.Problems("README.md", """
                # Title
                [reliability](../../docs/reliability.md)
                ![diagram](docs/diagram.png)
                [http](http://example.com)
                [ref]: samples/README.md
                <img src="logo.png">
                """));

    [Fact]
    public void An_anchor_without_its_heading_fails() =>
        Assert.Equal(
            ["README.md(3): `[faults](#faults)` points to #faults, which no heading of README.md makes."],
            PackageReadmeLinkCheck.Problems("README.md", """
                # Title

                [faults](#faults)
                """));

    [Fact]
    public void Links_in_code_are_not_links() =>
        Assert.Empty(PackageReadmeLinkCheck.Problems("README.md", """
            # Title

            `[not](a-link)` and:

            ```csharp
            var x = a[1](2);   // [text](relative)
            ```
            """));
}

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// Every C# block of the documentation compiles against exactly the packages it tells the reader to add, so no snippet
/// can rot and none can lean on a package the reader was never told about.
/// </summary>
/// <remarks>
/// <para>
/// <b>Covered files.</b> README.md, every Markdown file under docs/, every package readme (src/*/README.md) and
/// samples/README.md. A C# block is a fenced block whose info string starts with <c>csharp</c> (or <c>cs</c>, <c>c#</c>);
/// blocks are numbered from 1 per file, as the messages name them.
/// </para>
/// <para>
/// <b>Header.</b> A block starts with one or more lines that are exactly <c>// dotnet add package &lt;PackageId&gt;</c>, one
/// package per line, nothing before them. They are what the reader copies, and they name the packages the block needs,
/// exactly. A block without one fails (“C# block 3 of README.md names no package: …”), and so does such a line anywhere
/// but in the header, or with anything after the id.
/// </para>
/// <para>
/// <b>Compiling.</b> The block is one C# file of the reader's project, compiled with Roslyn (language version latest,
/// nullable enabled; warnings do not fail it) against the Microsoft.NETCore.App shared framework, the runtime
/// assemblies of the named packages and of everything they bring (read from this test's deps.json, where the
/// repository's projects are project libraries with their dependencies), and the Microsoft.AspNetCore.App shared
/// framework only when one of those packages needs it (<see cref="PackageCatalog.NeedingAspNetCore"/>). C# itself
/// orders the file: usings, then top-level statements, then type declarations. A block with top-level statements
/// compiles as a program; a block without any (a whole file: usings and a class, such as a test class) compiles as a
/// library. Only the console-app implicit usings apply (System, System.Collections.Generic, System.IO, System.Linq,
/// System.Net.Http, System.Threading, System.Threading.Tasks); the block must write every other using itself.
/// </para>
/// <para>
/// <b>Givens.</b> The block's top-level statements may use these variables without declaring them:
/// <c>IHostApplicationBuilder builder</c>, <c>IServiceCollection services</c>, <c>IConfiguration configuration</c>,
/// <c>RunflowClientOptions options</c>, <c>IKernelBuilder kernelBuilder</c>, <c>string apiKey</c>,
/// <c>string[] documents</c>, <c>CancellationToken cancellationToken</c> (<see cref="SnippetScaffold.Givens"/>). A given is
/// supplied only when the statements use the name and the block declares no such name; its type must then resolve with
/// the block's own packages, or the block fails to compile (declare the variable, or name a package that brings it).
/// </para>
/// <para>
/// <b>The reader's app.</b> A block may refer to these names of the reader's own code without declaring them:
/// <c>Program</c> (<c>public partial class Program;</c>, for <c>WebApplicationFactory&lt;Program&gt;</c>; a block with
/// top-level statements has its own), <c>OrdersPlugin</c> (<c>internal sealed class OrdersPlugin;</c>) and
/// <c>GetWeather</c> (<c>static string GetWeather(string city)</c>). Each is added only when the block uses the name and
/// does not declare it.
/// </para>
/// <para>
/// <b>Exactly.</b> The block must compile with its packages, and must fail to compile with any one of them left out
/// (the rest keep what they bring): a package that another named package brings, or that the block does not use, is
/// a failure asking to remove its line. A package the test does not know (not in its deps.json) is a failure too; the
/// test project references every package a snippet may name.
/// </para>
/// </remarks>
public sealed class DocumentationSnippetTests
{
    /// <summary>One row per C# block of the covered files, shown as the file, block number and first line of code.</summary>
    public static TheoryData<string, int> Snippets
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var snippet in DocumentationSnippet.All)
            {
                data.Add(new TheoryDataRow<string, int>(snippet.File, snippet.Number) { TestDisplayName = snippet.Title, Label = "" });
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles_with_exactly_the_packages_it_names(string file, int number)
    {
        var failures = SnippetCheck.Failures(DocumentationSnippet.Find(file, number), TestContext.Current.CancellationToken);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void The_documentation_has_csharp_blocks() =>
        Assert.Contains(DocumentationSnippet.All, snippet => snippet.File == "README.md");
}

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>The snippet check itself, on Markdown written here: each way a block can break the convention is caught and named.</summary>
public sealed class SnippetCheckTests
{
    private const string Chat = """
        using Microsoft.Extensions.AI;
        using Runflow.AI.Extensions;

        IChatClient client = new RunflowChatClient(new RunflowClientOptions { ApiKey = apiKey, ProjectId = "p", Provider = "openai" });
        Console.WriteLine((await client.GetResponseAsync("Hi")).Text);
        """;

    private const string Kernel = """
        using Microsoft.SemanticKernel;

        var builder = Kernel.CreateBuilder();
        builder.AddRunflowChatClient("gpt-4o", apiKey, "proj_123", "openai");
        builder.Plugins.AddFromType<OrdersPlugin>("orders");
        var kernel = builder.Build();
        """;

    [Fact]
    public void A_block_that_names_its_packages_exactly_passes() =>
        Assert.Empty(Check("// dotnet add package Runflow.AI.Extensions", Chat));

    [Fact]
    public void A_block_without_a_header_fails() =>
        Assert.Equal(["C# block 1 of example.md names no package: start it with `// dotnet add package …`."], Check("", Chat));

    [Fact]
    public void A_header_line_after_the_code_starts_fails()
    {
        var failure = Assert.Single(Check("// dotnet add package Runflow.AI.Extensions", Chat + "\n// dotnet add package Microsoft.Agents.AI"));

        Assert.Contains("example.md(9): `// dotnet add package Microsoft.Agents.AI` in C# block 1 is not read as a header line", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_the_test_does_not_know_fails() =>
        Assert.Contains(
            "example.md C# block 1 names Contoso.Nothing, a package this test does not know",
            Assert.Single(Check("// dotnet add package Runflow.AI.Extensions\n// dotnet add package Contoso.Nothing", Chat)),
            StringComparison.Ordinal);

    [Fact]
    public void A_package_spelled_in_other_case_fails() =>
        Assert.Equal(
            ["example.md C# block 1 names runflow.ai.extensions: write it Runflow.AI.Extensions."],
            Check("// dotnet add package runflow.ai.extensions", Chat));

    [Fact]
    public void A_missing_package_fails_with_the_block_the_errors_and_the_line_it_omits()
    {
        var failure = Assert.Single(Check("// dotnet add package Runflow.AI.Extensions.SemanticKernel", Kernel));

        Assert.Contains("example.md C# block 1 (line 3) does not compile with Runflow.AI.Extensions.SemanticKernel and what it brings.", failure, StringComparison.Ordinal);
        Assert.Contains("the block omits `// dotnet add package Microsoft.SemanticKernel`", failure, StringComparison.Ordinal);
        Assert.Contains("var builder = Kernel.CreateBuilder();", failure, StringComparison.Ordinal);
        Assert.Contains("example.md(8,17): error CS1061: 'IKernelBuilderPlugins' does not contain a definition for 'AddFromType'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_the_block_does_not_use_fails() =>
        Assert.Equal(
            ["example.md C# block 1 names Microsoft.Agents.AI, but does not need it: it compiles without it, so remove the line `// dotnet add package Microsoft.Agents.AI`."],
            Check("// dotnet add package Runflow.AI.Extensions\n// dotnet add package Microsoft.Agents.AI", Chat));

    [Fact]
    public void A_package_another_named_package_brings_fails() =>
        Assert.Equal(
            ["example.md C# block 1 names Runflow.AI.Extensions, but compiles without it: Runflow.AI.Extensions.SemanticKernel brings it, so remove the line `// dotnet add package Runflow.AI.Extensions`."],
            Check("// dotnet add package Runflow.AI.Extensions.SemanticKernel\n// dotnet add package Microsoft.SemanticKernel\n// dotnet add package Runflow.AI.Extensions", Kernel));

    [Fact]
    public void A_given_whose_type_the_packages_do_not_bring_fails_naming_the_given()
    {
        var failure = Assert.Single(Check(
            "// dotnet add package System.Numerics.Tensors",
            """
            using System.Numerics.Tensors;

            Console.WriteLine(TensorPrimitives.Sum([1f, 2f]) + builder.Environment.ApplicationName);
            """));

        Assert.Contains("given builder (Microsoft.Extensions.Hosting.IHostApplicationBuilder, from Microsoft.Extensions.Hosting.Abstractions): error CS0234", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_the_block_declares_is_not_given() =>
        Assert.Empty(Check(
            "// dotnet add package Runflow.AI.Extensions",
            """
            using Runflow.AI.Extensions;

            var options = RunflowClientOptions.FromEnvironment();
            using var client = new RunflowChatClient(options);
            """));

    [Fact]
    public void A_whole_file_compiles_as_a_library_with_the_reader_s_Program_and_the_ASP_NET_Core_framework() =>
        Assert.Empty(Check(
            "// dotnet add package Microsoft.AspNetCore.Mvc.Testing\n// dotnet add package xunit.v3",
            """
            using Microsoft.AspNetCore.Mvc.Testing;
            using Xunit;

            public sealed class HealthTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
            {
                [Fact]
                public async Task Answers()
                {
                    using var client = factory.CreateClient();
                    var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
                    Assert.True(response.IsSuccessStatusCode);
                }
            }
            """));

    [Fact]
    public void Only_the_console_app_implicit_usings_apply()
    {
        var failure = Assert.Single(Check(
            "// dotnet add package Runflow.AI.Extensions",
            """
            using Runflow.AI.Extensions;

            IChatClient client = new RunflowChatClient(RunflowClientOptions.FromEnvironment());
            """));

        Assert.Contains("example.md(6,1): error CS0246: The type or namespace name 'IChatClient' could not be found", failure, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Check(string header, string code)
    {
        var markdown = $"# Example\n```csharp\n{(header.Length > 0 ? header + "\n" : "")}{code}\n```\n";
        var snippet = Assert.Single(DocumentationSnippet.Parse("example.md", markdown));
        return SnippetCheck.Failures(snippet, TestContext.Current.CancellationToken);
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>Every C# block of the documentation compiles against the shipped packages, so no snippet can rot.</summary>
public sealed partial class DocumentationSnippetTests
{
    /// <summary>What a snippet may use without declaring it, the way the samples provide it.</summary>
    private const string Preamble = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Numerics.Tensors;
        using System.Threading.Tasks;
        using Microsoft.Agents.AI;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Runflow.AI.Extensions;
        {0}
        internal sealed class OrdersPlugin;

        internal static class Snippet
        {
            private static string GetWeather(string city) => city;

            private static async Task RunAsync({2})
            {
        {1}
                await Task.CompletedTask;
            }
        }
        """;

    /// <summary>The variables snippets take as given, unless they declare them themselves.</summary>
    private static readonly (string Type, string Name)[] Givens =
    [
        ("HostApplicationBuilder", "builder"),
        ("IServiceCollection", "services"),
        ("IConfiguration", "configuration"),
        ("RunflowClientOptions", "options"),
        ("string", "apiKey"),
        ("string[]", "documents"),
    ];

    public static TheoryData<string, int> Snippets
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var file in new[] { "README.md", "docs/reliability.md" })
            {
                var blocks = CSharpBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), file)));
                for (var i = 0; i < blocks.Count; i++)
                {
                    data.Add(file, i);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_Compiles(string file, int index)
    {
        var block = CSharpBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), file)))[index].Groups[1].Value;
        var usings = new StringBuilder();
        var body = new StringBuilder();
        foreach (var line in block.Split('\n'))
        {
            (UsingDirective().IsMatch(line) ? usings : body).AppendLine(line);
        }

        var parameters = Givens
            .Where(given => !Regex.IsMatch(body.ToString(), $@"(^|[\s(])[\w<>\[\],]+\s+{given.Name}\s*="))
            .Select(given => $"{given.Type} {given.Name}");
        var source = Preamble.Replace("{0}", usings.ToString()).Replace("{1}", body.ToString()).Replace("{2}", string.Join(", ", parameters));
        var compilation = CSharpCompilation.Create(
            $"Snippet_{index}",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), cancellationToken: TestContext.Current.CancellationToken)],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();

        Assert.True(errors.Count == 0, $"{file}, C# block {index + 1}:\n{block}\n{string.Join("\n", errors)}");
    }

    private static IEnumerable<MetadataReference> References()
    {
        // Touch one type of each package a snippet may use, so its assembly is loaded and can be referenced.
        _ = new[]
        {
            typeof(RunflowChatClient), typeof(Microsoft.SemanticKernel.Kernel), typeof(Microsoft.Agents.AI.ChatClientAgent),
            typeof(Microsoft.Extensions.Hosting.Host), typeof(System.Numerics.Tensors.TensorPrimitives),
            typeof(Microsoft.SemanticKernel.RunflowKernelBuilderExtensions), typeof(Microsoft.Extensions.AI.ChatClientBuilder),
        };
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return trusted.Concat(loaded).Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => MetadataReference.CreateFromFile(g.First()));
    }

    /// <summary>The folder holding the solution, found from the test binaries (source paths are mapped in CI builds).</summary>
    private static string RepositoryRoot()
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

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("^using [A-Za-z0-9_.]+;\\s*$")]
    private static partial Regex UsingDirective();
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// What a block is compiled with besides its own text: the implicit usings of a console app, the givens its statements
/// use without declaring, and the user-app stand-ins it refers to without declaring.
/// </summary>
internal sealed class SnippetScaffold
{
    /// <summary>The implicit usings of a console app (<c>ImplicitUsings</c> in Microsoft.NET.Sdk); any other namespace the block must use itself.</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    ];

    /// <summary>The variables a block's statements may use without declaring them.</summary>
    public static readonly IReadOnlyList<SnippetGiven> Givens =
    [
        new("builder", "global::Microsoft.Extensions.Hosting.IHostApplicationBuilder", "Microsoft.Extensions.Hosting.Abstractions"),
        new("services", "global::Microsoft.Extensions.DependencyInjection.IServiceCollection", "Microsoft.Extensions.DependencyInjection.Abstractions"),
        new("configuration", "global::Microsoft.Extensions.Configuration.IConfiguration", "Microsoft.Extensions.Configuration.Abstractions"),
        new("options", "global::Runflow.AI.Extensions.RunflowClientOptions", "Runflow.AI.Extensions"),
        new("kernelBuilder", "global::Microsoft.SemanticKernel.IKernelBuilder", "Microsoft.SemanticKernel.Abstractions"),
        new("apiKey", "string", "System.Runtime"),
        new("documents", "string[]", "System.Runtime"),
        new("cancellationToken", "global::System.Threading.CancellationToken", "System.Runtime"),
    ];

    /// <summary>Names of the reader's own app that a block may refer to without declaring them, with what stands in for each.</summary>
    public static readonly IReadOnlyList<SnippetScaffoldPart> StandIns =
    [
        new("Program", "public partial class Program;"),
        new("OrdersPlugin", "internal sealed class OrdersPlugin;"),
        new("GetWeather", """
            global using static DocumentationUserApp_GetWeather;

            internal static class DocumentationUserApp_GetWeather
            {
                internal static string GetWeather(string city) => city;
            }
            """),
    ];

    private SnippetScaffold(bool hasStatements, IReadOnlyList<SnippetScaffoldPart> parts)
    {
        HasStatements = hasStatements;
        Parts = parts;
    }

    /// <summary>Whether the block has top-level statements, so it compiles as a program; otherwise it compiles as a library.</summary>
    public bool HasStatements { get; }

    /// <summary>The source files to compile beside the block.</summary>
    public IReadOnlyList<SnippetScaffoldPart> Parts { get; }

    /// <summary>The scaffold for a block: which givens and stand-ins it uses is read from its syntax.</summary>
    public static SnippetScaffold For(CompilationUnitSyntax block)
    {
        var statements = block.Members.OfType<GlobalStatementSyntax>().ToList();
        var declared = DeclaredNames(block);
        var usedInStatements = statements.SelectMany(UsedNames).ToHashSet(StringComparer.Ordinal);
        var usedAnywhere = UsedNames(block).ToHashSet(StringComparer.Ordinal);

        var parts = new List<SnippetScaffoldPart>
        {
            new("implicit usings", string.Concat(ImplicitUsings.Select(ns => $"global using global::{ns};\n"))),
        };
        parts.AddRange(Givens
            .Where(given => usedInStatements.Contains(given.Name) && !declared.Contains(given.Name))
            .Select(given => new SnippetScaffoldPart(
                $"given {given.Name} ({given.Type.Replace("global::", "", StringComparison.Ordinal)}, from {given.Assembly})",
                $$"""
                global using static DocumentationGiven_{{given.Name}};

                internal static class DocumentationGiven_{{given.Name}}
                {
                    internal static {{given.Type}} {{given.Name}} = default!;
                }
                """)));

        // Top-level statements make the block's own Program class, so it needs no stand-in for it.
        parts.AddRange(StandIns
            .Where(standIn => usedAnywhere.Contains(standIn.Label) && !declared.Contains(standIn.Label))
            .Where(standIn => standIn.Label != "Program" || statements.Count == 0)
            .Select(standIn => standIn with { Label = $"user-app stand-in {standIn.Label}" }));

        return new SnippetScaffold(statements.Count > 0, parts);
    }

    /// <summary>Every name the block declares: variables, parameters, local functions, members and types.</summary>
    private static HashSet<string> DeclaredNames(SyntaxNode block)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in block.DescendantNodes())
        {
            var identifier = node switch
            {
                VariableDeclaratorSyntax variable => variable.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                ForEachStatementSyntax forEach => forEach.Identifier,
                CatchDeclarationSyntax @catch => @catch.Identifier,
                LocalFunctionStatementSyntax function => function.Identifier,
                MethodDeclarationSyntax method => method.Identifier,
                PropertyDeclarationSyntax property => property.Identifier,
                BaseTypeDeclarationSyntax type => type.Identifier,
                DelegateDeclarationSyntax @delegate => @delegate.Identifier,
                FromClauseSyntax from => from.Identifier,
                LetClauseSyntax let => let.Identifier,
                JoinClauseSyntax join => join.Identifier,
                QueryContinuationSyntax into => into.Identifier,
                _ => default,
            };
            if (identifier.Text.Length > 0)
            {
                names.Add(identifier.ValueText);
            }
        }

        return names;
    }

    /// <summary>The simple names a node refers to, leaving out member names after a dot, argument and initializer names, and usings.</summary>
    private static IEnumerable<string> UsedNames(SyntaxNode node) =>
        node.DescendantNodesAndSelf(descendIntoChildren: child => child is not UsingDirectiveSyntax)
            .OfType<IdentifierNameSyntax>()
            .Where(name => name.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Name != name,
                MemberBindingExpressionSyntax => false,
                QualifiedNameSyntax qualified => qualified.Right != name,
                AliasQualifiedNameSyntax => false,
                NameColonSyntax or NameEqualsSyntax => false,
                AssignmentExpressionSyntax assignment => assignment.Left != name || assignment.Parent is not InitializerExpressionSyntax,
                _ => true,
            })
            .Select(name => name.Identifier.ValueText);
}

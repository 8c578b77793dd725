namespace Runflow.AI.Extensions.DocsTests;

/// <summary>One source file compiled beside a block: the implicit usings, a given or a user-app stand-in.</summary>
/// <param name="Label">How diagnostics name the file, such as <c>given builder (…)</c>.</param>
/// <param name="Source">The C# source.</param>
internal sealed record SnippetScaffoldPart(string Label, string Source);

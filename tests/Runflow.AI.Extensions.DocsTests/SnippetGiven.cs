namespace Runflow.AI.Extensions.DocsTests;

/// <summary>A variable a snippet may use without declaring it, as the reader's program would already have it.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Type">Its type, fully qualified as C# source.</param>
/// <param name="Assembly">The assembly that defines the type, for messages when the block's packages do not bring it.</param>
internal sealed record SnippetGiven(string Name, string Type, string Assembly);

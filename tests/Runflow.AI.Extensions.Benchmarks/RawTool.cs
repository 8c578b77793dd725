namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>One function tool of a <see cref="RawChatRequest"/>, in OpenAI's shape.</summary>
internal sealed class RawTool
{
    public string Type => "function";

    public required RawFunction Function { get; init; }
}

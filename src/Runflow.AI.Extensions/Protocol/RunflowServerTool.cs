namespace Runflow.AI.Extensions.Protocol;

/// <summary>A provider-side tool such as <c>web_search_20250305</c>.</summary>
internal sealed class RunflowServerTool
{
    public required string Type { get; init; }
}

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of a memory summary: <c>{ prompt?, model?, provider? }</c>; Runflow's default model is gpt-4o-mini.</summary>
internal sealed class RunflowMemorySummarizeRequest
{
    public string? Prompt { get; set; }

    public string? Model { get; set; }

    public string? Provider { get; set; }
}

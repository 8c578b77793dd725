namespace Runflow.AI.Extensions.Emulator;

/// <summary>A memory summarize body, as schema-checked.</summary>
internal sealed record RunflowEmulatorMemorySummarizeRequestDto(string? Prompt, string? Model, string? Provider);

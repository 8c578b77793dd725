namespace Runflow.AI.Extensions.Emulator;

/// <summary>An image-generation body, as schema-checked.</summary>
internal sealed record RunflowEmulatorImageRequestDto(string Prompt, string? Provider, string? Model, string? Size, double? N);

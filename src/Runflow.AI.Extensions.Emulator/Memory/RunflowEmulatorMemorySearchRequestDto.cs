namespace Runflow.AI.Extensions.Emulator;

/// <summary>A memory search body, as schema-checked.</summary>
internal sealed record RunflowEmulatorMemorySearchRequestDto(string Query, double? Limit);

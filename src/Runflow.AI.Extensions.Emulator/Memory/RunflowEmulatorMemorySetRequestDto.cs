using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A memory PUT body, as schema-checked.</summary>
internal sealed record RunflowEmulatorMemorySetRequestDto(IReadOnlyList<RunflowEmulatorMemoryMessageDto> Messages, JsonElement? Metadata);

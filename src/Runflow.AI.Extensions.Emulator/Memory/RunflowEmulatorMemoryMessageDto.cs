using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A memory message in an append or PUT body, as schema-checked.</summary>
internal sealed record RunflowEmulatorMemoryMessageDto(string? Role, string Content, JsonElement? Metadata);

using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The answer to a memory GET, inside the success envelope: <c>{ sessionId, messages, entities, summary, metadata }</c>.</summary>
internal sealed record RunflowEmulatorMemoryBody(
    string SessionId, IReadOnlyList<RunflowEmulatorMemoryEntry> Messages, IReadOnlyDictionary<string, string> Entities, string? Summary, JsonElement Metadata);

using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads the request bodies, once each has passed its schema, and the memory file of
/// <see cref="RunflowEmulatorOptions.MemoryStorePath"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RunflowEmulatorChatRequestDto))]
[JsonSerializable(typeof(IReadOnlyList<RunflowEmulatorContentPartDto>))]
[JsonSerializable(typeof(RunflowEmulatorEmbeddingRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorImageRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorDiscoveryRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorMemoryMessageDto))]
[JsonSerializable(typeof(RunflowEmulatorMemorySetRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorMemorySearchRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorMemorySummarizeRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorMemoryFile))]
internal sealed partial class RunflowEmulatorWireContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads the request bodies, once each has passed its schema.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RunflowEmulatorChatRequestDto))]
[JsonSerializable(typeof(IReadOnlyList<RunflowEmulatorContentPartDto>))]
[JsonSerializable(typeof(RunflowEmulatorEmbeddingRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorImageRequestDto))]
[JsonSerializable(typeof(RunflowEmulatorDiscoveryRequestDto))]
internal sealed partial class RunflowEmulatorWireContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The source-generated serializer for every wire type, so no JSON goes through reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(RunflowFloatArrayConverter)])]
[JsonSerializable(typeof(RunflowChatRequest))]
[JsonSerializable(typeof(RunflowTool))]
[JsonSerializable(typeof(RunflowChatResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(List<RunflowContentPart>))]
[JsonSerializable(typeof(RunflowUsage))]
[JsonSerializable(typeof(RunflowEmbeddingRequest))]
[JsonSerializable(typeof(RunflowEmbeddingResponse))]
[JsonSerializable(typeof(List<RunflowEmbeddingItem>))]
[JsonSerializable(typeof(RunflowDiscoveryRequest))]
[JsonSerializable(typeof(RunflowDiscoveryResponse))]
[JsonSerializable(typeof(RunflowFileResponse))]
[JsonSerializable(typeof(RunflowImageRequest))]
[JsonSerializable(typeof(RunflowImageResponse))]
[JsonSerializable(typeof(RunflowMemoryMessageDto))]
[JsonSerializable(typeof(RunflowMemorySetRequest))]
[JsonSerializable(typeof(RunflowMemorySearchRequest))]
[JsonSerializable(typeof(RunflowMemorySummarizeRequest))]
[JsonSerializable(typeof(RunflowMemoryResponse))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RunflowJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.AgentFramework;

/// <summary>The source-generated serializer of the state this package keeps in an agent session.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RunflowChatHistoryState))]
internal sealed partial class RunflowAgentFrameworkJsonContext : JsonSerializerContext;

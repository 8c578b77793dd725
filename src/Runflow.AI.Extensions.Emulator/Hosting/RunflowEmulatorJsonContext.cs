using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The serializer of the emulator's JSON answers, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(RunflowEmulatorErrorBody))]
[JsonSerializable(typeof(RunflowEmulatorChatBody))]
[JsonSerializable(typeof(RunflowEmulatorEmbeddingsBody))]
[JsonSerializable(typeof(RunflowEmulatorEnvelope<RunflowEmulatorEmbeddingsBody>))]
[JsonSerializable(typeof(RunflowEmulatorEnvelope<RunflowEmulatorFileBody>))]
[JsonSerializable(typeof(RunflowEmulatorEnvelope<RunflowEmulatorImagesBody>))]
[JsonSerializable(typeof(RunflowEmulatorEnvelope<RunflowEmulatorMemoryBody>))]
[JsonSerializable(typeof(RunflowEmulatorEnvelope<RunflowEmulatorMemorySummaryBody>))]
[JsonSerializable(typeof(RunflowEmulatorMemoryFailure))]
[JsonSerializable(typeof(List<RunflowEmulatorMemoryEntry>))]
[JsonSerializable(typeof(RunflowEmulatorInspectorSummary))]
[JsonSerializable(typeof(RunflowEmulatorInspectorSummary[]))]
[JsonSerializable(typeof(RunflowEmulatorInspectorDetail))]
internal sealed partial class RunflowEmulatorJsonContext : JsonSerializerContext;

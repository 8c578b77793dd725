using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>{ "file_id" }</c> of a <c>file</c> part.</summary>
internal sealed record RunflowEmulatorFileReferenceDto([property: JsonPropertyName("file_id")] string FileId);

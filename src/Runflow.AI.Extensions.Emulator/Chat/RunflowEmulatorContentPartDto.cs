using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>One part of an array <c>content</c>.</summary>
internal sealed record RunflowEmulatorContentPartDto(
    string Type,
    string? Text,
    [property: JsonPropertyName("image_url")] RunflowEmulatorUrlDto? ImageUrl,
    [property: JsonPropertyName("file_url")] RunflowEmulatorUrlDto? FileUrl,
    RunflowEmulatorFileReferenceDto? File);

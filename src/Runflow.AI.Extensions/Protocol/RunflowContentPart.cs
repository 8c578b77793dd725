using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// One OpenAI-style part of a message's <c>content</c> array, which Runflow translates for every provider it fronts:
/// <c>{"type":"text","text":…}</c>, <c>{"type":"image_url","image_url":{"url":…}}</c>,
/// <c>{"type":"file","file":{"file_id":…}}</c> or <c>{"type":"file_url","file_url":{"url":…}}</c>.
/// </summary>
internal sealed class RunflowContentPart
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    [JsonPropertyName("image_url")]
    public RunflowContentUrl? ImageUrl { get; init; }

    public RunflowContentFile? File { get; init; }

    [JsonPropertyName("file_url")]
    public RunflowContentUrl? FileUrl { get; init; }

    public static RunflowContentPart ForText(string text) => new() { Type = "text", Text = text };

    public static RunflowContentPart ForImage(string url) => new() { Type = "image_url", ImageUrl = new RunflowContentUrl { Url = url } };

    public static RunflowContentPart ForFileId(string fileId) => new() { Type = "file", File = new RunflowContentFile { FileId = fileId } };

    public static RunflowContentPart ForFileUrl(string url) => new() { Type = "file_url", FileUrl = new RunflowContentUrl { Url = url } };
}

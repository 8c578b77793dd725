namespace Runflow.AI.Extensions.Protocol;

/// <summary>The <c>image_url</c> or <c>file_url</c> of a content part: a link, or the bytes as a <c>data:</c> URI.</summary>
internal sealed class RunflowContentUrl
{
    public required string Url { get; init; }
}

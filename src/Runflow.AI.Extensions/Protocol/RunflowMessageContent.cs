using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// A message's <c>content</c>: a plain string (or null), or an array of parts when the message holds images or files.
/// </summary>
/// <remarks>A struct, so a text message costs no object beyond its string, as before parts existed.</remarks>
[JsonConverter(typeof(RunflowMessageContentConverter))]
internal readonly struct RunflowMessageContent
{
    private RunflowMessageContent(string? text, List<RunflowContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>Gets the text, when the content is a string.</summary>
    public string? Text { get; }

    /// <summary>Gets the parts, when the content is an array.</summary>
    public List<RunflowContentPart>? Parts { get; }

    public static implicit operator RunflowMessageContent(string? text) => new(text, null);

    public static implicit operator RunflowMessageContent(List<RunflowContentPart> parts) => new(null, parts);
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Turns a body into what the inspector shows: the API key replaced by <see cref="RunflowEmulatorRequest.RedactedValue"/>
/// wherever it appears, JSON indented with each string past <see cref="MaxStringChars"/> shortened (so a base64 image
/// keeps the rest of the body readable and valid), and the whole cut at <see cref="MaxShownChars"/>.
/// </summary>
internal static class RunflowEmulatorInspectorText
{
    /// <summary>The most characters of a body the inspector shows.</summary>
    public const int MaxShownChars = 64 * 1024;

    /// <summary>The most characters of one JSON string the inspector shows.</summary>
    public const int MaxStringChars = 8 * 1024;

    private static readonly JsonWriterOptions s_indented = new()
    {
        Indented = true,
        // The page sets text, never markup, so the characters a person wrote are shown as written.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Prepares a body for the inspector.</summary>
    /// <param name="text">The body as text.</param>
    /// <param name="length">Its size in bytes as sent.</param>
    /// <param name="partial">Whether <paramref name="text"/> is only the start of the body.</param>
    /// <param name="contentType">Its content type.</param>
    /// <param name="secret">The API key the request carried, if any.</param>
    /// <returns>The body to show.</returns>
    public static RunflowEmulatorInspectorBody Show(string text, long length, bool partial, string? contentType, string? secret)
    {
        string? indented = partial ? null : Indent(text, secret);
        bool json = indented is not null;
        string shown = RunflowEmulatorSecrets.Mask(indented ?? text, secret);
        bool truncated = partial || shown.Length > MaxShownChars;
        if (shown.Length > MaxShownChars)
        {
            int end = char.IsHighSurrogate(shown[MaxShownChars - 1]) ? MaxShownChars - 1 : MaxShownChars;
            shown = shown[..end];
        }

        return new RunflowEmulatorInspectorBody { Text = shown, Json = json, Length = length, Truncated = truncated, ContentType = contentType };
    }

    private static string? Indent(string text, string? secret)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, s_indented))
            {
                Write(writer, document.RootElement, secret);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // JsonDocument refuses nesting deeper than 64, which bounds this recursion.
    private static void Write(Utf8JsonWriter writer, JsonElement element, string? secret)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    writer.WritePropertyName(RunflowEmulatorSecrets.Mask(property.Name, secret));
                    Write(writer, property.Value, secret);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Write(writer, item, secret);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Shorten(RunflowEmulatorSecrets.Mask(element.GetString()!, secret)));
                break;
            default:
                // Numbers keep their exact digits; true, false and null are their own text.
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }

    private static string Shorten(string value)
    {
        if (value.Length <= MaxStringChars)
        {
            return value;
        }

        int end = char.IsHighSurrogate(value[MaxStringChars - 1]) ? MaxStringChars - 1 : MaxStringChars;
        return string.Create(CultureInfo.InvariantCulture, $"{value.AsSpan(0, end)}… [{value.Length - end} more characters]");
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The JSON settings shared by everything this client writes.</summary>
internal static class RunflowJson
{
    /// <summary>
    /// How request bodies are written: compact, escaping only what JSON itself requires (bodies go to an API, never into
    /// HTML, so quotes inside tool arguments stay readable as <c>\"</c> instead of <c>\u0022</c>), nesting as deep as a
    /// JSON writer allows, since caller payloads inside a body may nest deeply.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 1000,
        SkipValidation = true,
    };

    /// <summary>
    /// The wire types for writing request bodies: <see cref="RunflowJsonContext"/>'s settings without its converters,
    /// which only read answers. System.Text.Json uses the generator's fast-path writers only for a context whose options
    /// add no converter and no encoder; the escaping comes from <see cref="WriterOptions"/> instead.
    /// </summary>
    public static readonly RunflowJsonContext BodyContext = CreateBodyContext();

    /// <summary>
    /// Options for user payloads (tool arguments and results, pass-through values): Microsoft.Extensions.AI's own
    /// resolvers, so every type it can serialize works here too, written compactly.
    /// </summary>
    public static readonly JsonSerializerOptions PayloadOptions = new(AIJsonUtilities.DefaultOptions)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement;

    /// <summary>Reads a JSON string value; one a UTF-16 string cannot hold exactly (an escaped lone surrogate, as a
    /// server's <c>JSON.stringify</c> writes when it cuts text in the middle of an emoji) gets U+FFFD in its place.</summary>
    public static string? GetLenientString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            var raw = System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
            return Unescape(raw.AsSpan(1, raw.Length - 2));
        }
    }

    /// <summary>Decodes the escaped UTF-8 bytes of a JSON string, replacing what UTF-16 cannot hold by U+FFFD.</summary>
    public static string Unescape(ReadOnlySpan<byte> escaped)
    {
        var text = new System.Text.StringBuilder(escaped.Length);
        var literal = System.Text.Encoding.UTF8;
        while (!escaped.IsEmpty)
        {
            var slash = escaped.IndexOf((byte)'\\');
            if (slash < 0 || slash == escaped.Length - 1)
            {
                text.Append(literal.GetString(escaped));
                break;
            }

            text.Append(literal.GetString(escaped[..slash]));
            var kind = escaped[slash + 1];
            escaped = escaped[(slash + 2)..];
            if (kind == 'u' && escaped.Length >= 4
                && System.Buffers.Text.Utf8Parser.TryParse(escaped[..4], out ushort unit, out var used, 'x') && used == 4)
            {
                text.Append((char)unit);
                escaped = escaped[4..];
                continue;
            }

            text.Append(kind switch { (byte)'n' => '\n', (byte)'r' => '\r', (byte)'t' => '\t', (byte)'b' => '\b', (byte)'f' => '\f', _ => (char)kind });
        }

        // Pairs that came as two escapes are whole again; what is left alone is replaced.
        var chars = text.ToString().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    private static RunflowJsonContext CreateBodyContext()
    {
        var options = new JsonSerializerOptions(RunflowJsonContext.Default.Options);
        options.Converters.Clear();
        return new RunflowJsonContext(options);
    }

    /// <summary>Turns a caller's pass-through value into JSON, using <see cref="PayloadOptions"/>.</summary>
    public static JsonElement ToJsonElement(object? value) => value switch
    {
        JsonElement element => element,
        null => NullElement,
        _ => JsonSerializer.SerializeToElement(value, PayloadOptions.GetTypeInfo(value.GetType())),
    };
}

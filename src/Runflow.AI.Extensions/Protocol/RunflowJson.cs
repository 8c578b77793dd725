using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>The JSON settings shared by everything this client writes.</summary>
internal static class RunflowJson
{
    /// <summary>
    /// Compact output escaping only what JSON itself requires: bodies go to an API, never into HTML, so quotes inside
    /// tool arguments stay readable as <c>\"</c> instead of <c>\u0022</c>.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

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

    /// <summary>Turns a caller's pass-through value into JSON, using <see cref="PayloadOptions"/>.</summary>
    public static JsonElement ToJsonElement(object? value) => value switch
    {
        JsonElement element => element,
        null => NullElement,
        _ => JsonSerializer.SerializeToElement(value, PayloadOptions.GetTypeInfo(value.GetType())),
    };
}

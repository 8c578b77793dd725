using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads a JSON request body: checked against its schema, then deserialized once into its wire type.</summary>
internal static class RunflowEmulatorRequestBody
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 128 };

    /// <summary>Parses, checks and deserializes <paramref name="body"/>.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="body">The body text.</param>
    /// <param name="schema">The schema it must meet.</param>
    /// <param name="type">The wire type's metadata.</param>
    /// <param name="value">The body, when it is valid.</param>
    /// <param name="error">The message naming the field at fault, when it is not.</param>
    /// <returns><see langword="true"/> when the body is valid.</returns>
    public static bool TryRead<T>(string body, RunflowEmulatorRequestSchema schema, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
        where T : class
    {
        value = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_documentOptions);
        }
        catch (JsonException ex)
        {
            error = $"The request body is not valid JSON: {ex.Message}";
            return false;
        }

        using (document)
        {
            return TryRead(document.RootElement, schema, type, out value, out error);
        }
    }

    /// <summary>Checks and deserializes a parsed body.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="body">The body.</param>
    /// <param name="schema">The schema it must meet.</param>
    /// <param name="type">The wire type's metadata.</param>
    /// <param name="value">The body, when it is valid.</param>
    /// <param name="error">The message naming the field at fault, when it is not.</param>
    /// <returns><see langword="true"/> when the body is valid.</returns>
    public static bool TryRead<T>(JsonElement body, RunflowEmulatorRequestSchema schema, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
        where T : class
    {
        value = null;
        error = schema.FirstError(body);
        if (error is not null)
        {
            return false;
        }

        try
        {
            value = body.Deserialize(type);
        }
        catch (JsonException ex)
        {
            // A number the schema accepts but .NET cannot hold, such as maxTokens 1e400.
            error = $"The request body has a value the emulator cannot read at {ex.Path}: {ex.Message}";
            return false;
        }

        if (value is null)
        {
            error = "The request body must be a JSON object.";
            return false;
        }

        return true;
    }
}

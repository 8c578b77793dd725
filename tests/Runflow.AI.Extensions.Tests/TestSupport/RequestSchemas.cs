using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Runflow.AI.Extensions.Tests.TestSupport;

/// <summary>
/// The emulator's JSON Schema files of the Runflow request bodies (linked into this project's output), which every
/// JSON body the client sends through a <see cref="RecordingHandler"/> must meet.
/// </summary>
public static class RequestSchemas
{
    private static readonly ConcurrentDictionary<string, JsonSchema> s_schemas = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> s_checked = new(StringComparer.Ordinal);

    /// <summary>Gets the schema file a request path's body must meet, or <see langword="null"/> when it is no JSON endpoint.</summary>
    public static string? For(Uri uri)
    {
        string path = uri.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/chat", StringComparison.Ordinal) || path.EndsWith("/chat/stream", StringComparison.Ordinal) ? "chat-request"
            : path.EndsWith("/embeddings", StringComparison.Ordinal) ? "embeddings-request"
            : path.EndsWith("/images/generate", StringComparison.Ordinal) ? "images-generate-request"
            : path.EndsWith("/auth/discover", StringComparison.Ordinal) ? "auth-discover-request"
            : !path.Contains("/memory/", StringComparison.Ordinal) ? null
            : path.EndsWith("/append", StringComparison.Ordinal) ? "memory-append-request"
            : path.EndsWith("/search", StringComparison.Ordinal) ? "memory-search-request"
            : path.EndsWith("/summarize", StringComparison.Ordinal) ? "memory-summarize-request"
            : "memory-set-request";
    }

    /// <summary>Gets how many bodies have been checked against a schema in this test run.</summary>
    public static int Checked(string schema) => s_checked.GetValueOrDefault(schema);

    /// <summary>Lists what a body breaks of a schema: each error with the field (a JSON pointer) it concerns.</summary>
    public static List<string> Errors(string schema, string body)
    {
        s_checked.AddOrUpdate(schema, 1, (_, n) => n + 1);
        JsonSchema evaluator = s_schemas.GetOrAdd(schema, name => JsonSchema.FromText(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", name + ".schema.json")),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"the body is not JSON: {ex.Message}"];
        }

        using (document)
        {
            EvaluationResults results = evaluator.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return results.IsValid ? [] : [.. (results.Details ?? [results])
                .Where(d => d.Errors is not null && !d.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal))
                .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Key}: {e.Value}"))];
        }
    }
}

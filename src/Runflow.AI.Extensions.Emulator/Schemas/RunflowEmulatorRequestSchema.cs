using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// One of the JSON Schema files of the Runflow request bodies (embedded from <c>Schemas/</c>), evaluated with
/// JsonSchema.Net; a body that fails gets one message naming the first field at fault, worded by the schema's
/// <c>errorMessage</c> where it has one.
/// </summary>
internal sealed class RunflowEmulatorRequestSchema
{
    private static readonly EvaluationOptions s_options = new() { OutputFormat = OutputFormat.List };

    // Keywords followed by a name or an index in an evaluation path, and those whose subschema applies to a child value.
    private static readonly string[] s_keyedKeywords = ["properties", "patternProperties", "dependentSchemas", "$defs", "allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly string[] s_childKeywords = ["properties", "patternProperties", "prefixItems", "items", "additionalProperties", "contains", "unevaluatedItems", "unevaluatedProperties", "propertyNames"];

    private readonly JsonSchema _schema;
    private readonly JsonNode _document;

    private RunflowEmulatorRequestSchema(string name)
    {
        using Stream stream = typeof(RunflowEmulatorRequestSchema).Assembly.GetManifestResourceStream($"Runflow.AI.Extensions.Emulator.Schemas.{name}.schema.json")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        _document = JsonNode.Parse(text)!;
        _schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>Gets the schema of a chat (and chat/stream) body.</summary>
    public static RunflowEmulatorRequestSchema Chat { get; } = new("chat-request");

    /// <summary>Gets the schema of an embeddings body.</summary>
    public static RunflowEmulatorRequestSchema Embeddings { get; } = new("embeddings-request");

    /// <summary>Gets the schema of an image-generation body.</summary>
    public static RunflowEmulatorRequestSchema Images { get; } = new("images-generate-request");

    /// <summary>Gets the schema of a memory PUT body.</summary>
    public static RunflowEmulatorRequestSchema MemorySet { get; } = new("memory-set-request");

    /// <summary>Gets the schema of a memory append body.</summary>
    public static RunflowEmulatorRequestSchema MemoryAppend { get; } = new("memory-append-request");

    /// <summary>Gets the schema of a memory search body.</summary>
    public static RunflowEmulatorRequestSchema MemorySearch { get; } = new("memory-search-request");

    /// <summary>Gets the schema of a memory summarize body.</summary>
    public static RunflowEmulatorRequestSchema MemorySummarize { get; } = new("memory-summarize-request");

    /// <summary>Gets the schema of a tenant-discovery body.</summary>
    public static RunflowEmulatorRequestSchema Discovery { get; } = new("auth-discover-request");

    /// <summary>Evaluates a body.</summary>
    /// <param name="body">The body, parsed.</param>
    /// <returns>The message naming the first field at fault, or <see langword="null"/> when the body is valid.</returns>
    public string? FirstError(JsonElement body)
    {
        EvaluationResults results = _schema.Evaluate(body, s_options);
        if (results.IsValid)
        {
            return null;
        }

        var faults = new List<(List<(JsonNode? Schema, int Consumed)> Path, string Keyword, string Message, string Instance)>();
        foreach (EvaluationResults detail in results.Details ?? [results])
        {
            List<(JsonNode? Schema, int Consumed)> path = Walk(detail.EvaluationPath.ToString(), out bool conditional);
            if (detail.Errors is { Count: > 0 } errors && !conditional)
            {
                string keyword = errors.ContainsKey("type") ? "type" : errors.ContainsKey("required") ? "required" : errors.Keys.First();
                faults.Add((path, keyword, errors[keyword], detail.InstanceLocation.ToString()));
            }
        }

        if (faults.Count > 0)
        {
            // A value of the wrong type is named as such, not as a value outside an enum the same value also misses.
            var fault = faults.FirstOrDefault(f => f.Instance == faults[0].Instance && f.Keyword == "type");
            fault = fault.Path is null ? faults[0] : fault;
            return Describe(fault.Path, fault.Keyword, fault.Message, fault.Instance, body);
        }

        return "The request body does not match its schema.";
    }

    // Follows an evaluation path through the schema document ($refs included): every node on it, with how many
    // segments of the instance location it has descended. Failures under if or not only steer; they are not faults.
    private List<(JsonNode? Schema, int Consumed)> Walk(string evaluationPath, out bool conditional)
    {
        conditional = false;
        JsonNode? node = _document;
        int consumed = 0;
        var path = new List<(JsonNode?, int)> { (node, 0) };
        string[] segments = evaluationPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < segments.Length; i++)
        {
            string keyword = Unescape(segments[i]);
            conditional |= keyword is "if" or "not";
            if (keyword == "$ref")
            {
                node = Resolve(node?["$ref"]?.GetValue<string>());
            }
            else
            {
                node = node?[keyword];
                if (s_keyedKeywords.Contains(keyword) && i + 1 < segments.Length)
                {
                    string key = Unescape(segments[++i]);
                    node = node is JsonArray items && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < items.Count ? items[index] : node?[key];
                }
            }

            // JsonSchema.Net writes an items subschema's path as items/items.
            if (keyword == "items" && i + 1 < segments.Length && segments[i + 1] == "items")
            {
                i++;
            }

            if (s_childKeywords.Contains(keyword))
            {
                consumed++;
            }

            path.Add((node, consumed));
        }

        return path;
    }

    private JsonNode? Resolve(string? reference)
    {
        JsonNode? node = _document;
        foreach (string segment in (reference ?? "#")[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node?[Unescape(segment)];
        }

        return node;
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private string Describe(List<(JsonNode? Schema, int Consumed)> path, string keyword, string libraryMessage, string instanceLocation, JsonElement body)
    {
        string[] location = instanceLocation.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToArray();
        JsonObject? failing = path[^1].Schema as JsonObject;
        JsonElement value = ValueAt(body, location, location.Length, out bool inObject);
        bool missing = keyword == "type" && value.ValueKind == JsonValueKind.Null && inObject;

        for (int i = path.Count - 1; i >= 0; i--)
        {
            JsonNode? message = MessageOf(path[i].Schema);
            if (message is JsonValue whole)
            {
                int depth = location.Length - (path[^1].Consumed - path[i].Consumed);
                return Fill(whole.GetValue<string>(), body, location, depth, failing);
            }

            if (i == path.Count - 1 && message is JsonObject byKeyword && byKeyword[missing ? "null" : keyword] is JsonValue own)
            {
                return Fill(own.GetValue<string>(), body, location, location.Length, failing);
            }
        }

        string template = keyword switch
        {
            "type" when missing => "{field} is required.",
            "type" => $"{{field}} must be {TypeNames(failing?["type"])}.",
            "required" => "{missing} is required.",
            "enum" => "{field} '{text}' is not supported; expected one of: {expected}.",
            "minimum" or "maximum" when failing?["minimum"] is { } min && failing["maximum"] is { } max => $"{{field}} must be between {min} and {max}; it was {{value}}.",
            "minimum" => $"{{field}} must be at least {failing?["minimum"]}.",
            "maximum" => $"{{field}} must be at most {failing?["maximum"]}.",
            "minItems" => $"{{field}} must contain at least {failing?["minItems"]} items.",
            "maxItems" => $"{{field}} must contain at most {failing?["maxItems"]} items; it has {{count}}.",
            "maxLength" => $"{{field}} must be at most {failing?["maxLength"]} characters; it has {{length}}.",
            _ => $"{{field}} is not valid: {libraryMessage}",
        };
        return Fill(template, body, location, location.Length, failing);
    }

    // An errorMessage on the node, or else on the node its $ref names.
    private JsonNode? MessageOf(JsonNode? schema) =>
        schema?["errorMessage"] ?? (schema?["$ref"] is JsonValue reference ? Resolve(reference.GetValue<string>())?["errorMessage"] : null);

    private string Fill(string template, JsonElement body, string[] location, int depth, JsonObject? failing)
    {
        JsonElement value = ValueAt(body, location, depth, out _);
        string field = FieldName(body, location, depth);
        string text = template.Replace("{field}", field, StringComparison.Ordinal);
        if (text.Contains("{missing}", StringComparison.Ordinal))
        {
            string? absent = failing?["required"]?.AsArray().Select(r => r!.GetValue<string>())
                .FirstOrDefault(r => value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(r, out _));
            text = text.Replace("{missing}", field.Length == 0 ? absent : $"{field}.{absent}", StringComparison.Ordinal);
        }

        JsonNode? options = failing?["enum"] ?? (failing?["$ref"] is JsonValue r2 ? Resolve(r2.GetValue<string>())?["enum"] : null);
        return text
            .Replace("{text}", value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), StringComparison.Ordinal)
            .Replace("{value}", value.GetRawText(), StringComparison.Ordinal)
            .Replace("{expected}", options is JsonArray list ? string.Join(", ", list.Where(o => o is not null).Select(o => o!.GetValue<string>())) : string.Empty, StringComparison.Ordinal)
            .Replace("{count}", (value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{length}", (value.ValueKind == JsonValueKind.String ? value.GetString()!.Length : 0).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static JsonElement ValueAt(JsonElement body, string[] location, int depth, out bool inObject)
    {
        inObject = false;
        JsonElement value = body;
        for (int i = 0; i < depth; i++)
        {
            inObject = value.ValueKind == JsonValueKind.Object;
            value = inObject ? value.GetProperty(location[i]) : value[int.Parse(location[i], CultureInfo.InvariantCulture)];
        }

        return value;
    }

    // messages[1].content[0].type: indexes of arrays in brackets, member names after dots.
    private static string FieldName(JsonElement body, string[] location, int depth)
    {
        var name = new System.Text.StringBuilder();
        JsonElement value = body;
        for (int i = 0; i < depth; i++)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                name.Append('[').Append(location[i]).Append(']');
                value = value[int.Parse(location[i], CultureInfo.InvariantCulture)];
            }
            else
            {
                name.Append(name.Length > 0 ? "." : string.Empty).Append(location[i]);
                value = value.GetProperty(location[i]);
            }
        }

        return name.ToString();
    }

    private static string TypeNames(JsonNode? type)
    {
        IEnumerable<string> names = type is JsonArray several ? several.Select(t => t!.GetValue<string>()) : [type?.GetValue<string>() ?? "valid"];
        return string.Join(" or ", names.Where(n => n != "null").Select(n => n switch
        {
            "integer" or "object" or "array" => "an " + n,
            _ => "a " + n,
        }));
    }
}

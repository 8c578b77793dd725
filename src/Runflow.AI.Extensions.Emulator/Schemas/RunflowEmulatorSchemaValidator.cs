using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Checks a JSON value against a tool or response schema with JsonSchema.Net, within a
/// <see cref="RunflowEmulatorSchemaBudget"/>: a walk of the schema over the value counts the work first, because
/// JsonSchema.Net follows a <c>$ref</c> back to its own schema at the same value until the stack overflows, and
/// branches that refer back to the root (<c>anyOf: [{ "$ref": "#" }, { "$ref": "#" }]</c>) double the work at every level.
/// </summary>
/// <remarks>The emulator uses it to accept a value the user wrote only when the schema allows it.</remarks>
internal sealed class RunflowEmulatorSchemaValidator
{
    private static readonly Uri s_rootUri = new("urn:runflow-emulator:schema");
    private static readonly string[] s_inPlace = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] s_single = ["not", "if", "then", "else"];

    private readonly JsonNode? _root;
    private readonly RunflowEmulatorSchemaBudget _budget;
    private readonly Dictionary<JsonNode, JsonSchema?> _built = new(ReferenceEqualityComparer.Instance);
    private BuildOptions? _options;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorSchemaValidator"/> class.</summary>
    /// <param name="root">The root schema, against which <c>$ref</c>s resolve.</param>
    /// <param name="budget">The work the checks may take.</param>
    public RunflowEmulatorSchemaValidator(JsonNode? root, RunflowEmulatorSchemaBudget budget)
    {
        _root = root;
        _budget = budget;
    }

    /// <summary>Tells whether <paramref name="value"/> is valid against <paramref name="schema"/>.</summary>
    /// <param name="value">The value; <see langword="null"/> is JSON null.</param>
    /// <param name="schema">The schema: the root, a node of it, or a node the generator merged from its nodes.</param>
    /// <returns><see langword="true"/> when valid, or when the schema is one JsonSchema.Net cannot read (a remote <c>$ref</c>).</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The check needs more than the budget allows.</exception>
    public bool IsValid(JsonNode? value, JsonNode? schema)
    {
        if (schema is null || !Affordable(value, schema))
        {
            return schema is null;
        }

        if (!_built.TryGetValue(schema, out JsonSchema? built))
        {
            built = _built[schema] = Build(schema);
        }

        if (built is null)
        {
            return true;
        }

        using JsonDocument instance = JsonDocument.Parse(value?.ToJsonString() ?? "null");
        try
        {
            return built.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or RegexMatchTimeoutException or InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Resolves a local <c>$ref</c> (<c>#</c>, <c>#/$defs/…</c>, <c>#/definitions/…</c>) against the root schema.</summary>
    /// <param name="root">The root schema.</param>
    /// <param name="schema">A schema that may be a reference.</param>
    /// <returns>The referenced schema, or <paramref name="schema"/> when it is not a resolvable reference.</returns>
    public static JsonNode? Resolve(JsonNode? root, JsonNode? schema)
    {
        for (int hops = 0; hops < 32 && schema is JsonObject obj && obj["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String; hops++)
        {
            string reference = r.GetValue<string>();

            // A path deeper than any schema the emulator follows is not split into its (possibly millions of) segments.
            if (!reference.StartsWith('#') || reference.AsSpan().Count('/') > RunflowEmulatorSchemaBudget.MaxDepth)
            {
                return schema;
            }

            JsonNode? target = root;
            foreach (string segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                string key = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                target = target switch
                {
                    JsonObject o => o[key],
                    JsonArray a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < a.Count => a[index],
                    _ => null,
                };
            }

            if (target is null)
            {
                return schema;
            }

            schema = target;
        }

        return schema;
    }

    /// <summary>Gets the JSON kind of <paramref name="value"/> as a JSON Schema type name (<c>integer</c> for whole numbers).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The type name.</returns>
    public static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => ToDouble(value) % 1 == 0 ? "integer" : "number",
            _ => "null",
        },
    };

    /// <summary>Reads a JSON number of any backing (parsed or created from a .NET number) as a double.</summary>
    /// <param name="value">A JSON number.</param>
    /// <returns>The value.</returns>
    public static double ToDouble(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    // The root is registered once under a name of the emulator's; any other node is built on its own, its local $refs
    // renamed to point into the root, so a node the generator merged resolves them as the root's nodes do.
    private JsonSchema? Build(JsonNode schema)
    {
        try
        {
            if (_options is null)
            {
                _options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
                JsonSchema.FromText(_root?.ToJsonString() ?? "true", _options, s_rootUri);
            }

            if (ReferenceEquals(schema, _root))
            {
                return JsonSchema.FromText($$"""{"$ref":"{{s_rootUri}}"}""", _options, new Uri($"urn:runflow-emulator:check-{_built.Count}"));
            }

            JsonNode copy = schema.DeepClone();
            PointIntoRoot(copy);
            return JsonSchema.FromText(copy.ToJsonString(), _options, new Uri($"urn:runflow-emulator:check-{_built.Count}"));
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or ArgumentException or JsonException)
        {
            // A schema JsonSchema.Net cannot read (a remote $ref, a pattern .NET cannot parse) constrains nothing the emulator can check.
            return null;
        }
    }

    private static void PointIntoRoot(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            if (obj["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String && r.GetValue<string>().StartsWith('#'))
            {
                obj["$ref"] = s_rootUri + r.GetValue<string>();
            }

            foreach ((_, JsonNode? child) in obj)
            {
                if (child is not null)
                {
                    PointIntoRoot(child);
                }
            }
        }
        else if (node is JsonArray items)
        {
            foreach (JsonNode? child in items)
            {
                if (child is not null)
                {
                    PointIntoRoot(child);
                }
            }
        }
    }

    // Walks the schema over the value breadth-first, as an evaluation would, counting every pair against the budget;
    // a pattern is matched here with the budget's timeout, which JsonSchema.Net's own matching has not.
    private bool Affordable(JsonNode? value, JsonNode schema)
    {
        var pending = new Queue<(JsonNode? Value, JsonNode? Schema, int Depth)>();
        pending.Enqueue((value, schema, 0));
        while (pending.TryDequeue(out (JsonNode? Value, JsonNode? Schema, int Depth) pair))
        {
            _budget.Step();
            if (pair.Schema is not JsonObject s)
            {
                continue;
            }

            if (pair.Depth > RunflowEmulatorSchemaBudget.MaxDepth * 2)
            {
                throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"is recursive or nested beyond {RunflowEmulatorSchemaBudget.MaxDepth} levels"));
            }

            int depth = pair.Depth + 1;
            if (s.ContainsKey("$ref"))
            {
                JsonNode? target = Resolve(_root, s);
                if (!ReferenceEquals(target, s))
                {
                    pending.Enqueue((pair.Value, target, depth));
                }
            }

            if (s.ContainsKey("$dynamicRef") || s.ContainsKey("$recursiveRef"))
            {
                // Not followed by the walk, so not handed to the library either.
                return false;
            }

            foreach (string keyword in s_inPlace)
            {
                foreach (JsonNode? branch in s[keyword] as JsonArray ?? [])
                {
                    pending.Enqueue((pair.Value, branch, depth));
                }
            }

            foreach (string keyword in s_single)
            {
                if (s[keyword] is JsonNode single)
                {
                    pending.Enqueue((pair.Value, single, depth));
                }
            }

            foreach ((string _, JsonNode? dependent) in s["dependentSchemas"] as JsonObject ?? [])
            {
                pending.Enqueue((pair.Value, dependent, depth));
            }

            if (!EnqueueChildren(pair.Value, s, depth, pending))
            {
                return false;
            }
        }

        return true;
    }

    private bool EnqueueChildren(JsonNode? value, JsonObject s, int depth, Queue<(JsonNode?, JsonNode?, int)> pending)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach ((string name, JsonNode? item) in obj)
                {
                    pending.Enqueue((item, s["properties"]?[name] ?? s["additionalProperties"], depth));
                    foreach ((string _, JsonNode? patterned) in s["patternProperties"] as JsonObject ?? [])
                    {
                        pending.Enqueue((item, patterned, depth));
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    pending.Enqueue((array[i], s["prefixItems"] is JsonArray prefix && i < prefix.Count ? prefix[i] : s["items"], depth));
                    if (s["contains"] is JsonNode contains)
                    {
                        pending.Enqueue((array[i], contains, depth));
                    }
                }

                if (s["uniqueItems"] is JsonValue unique && unique.GetValueKind() == JsonValueKind.True)
                {
                    for (long pairs = (long)array.Count * (array.Count - 1) / 2; pairs > 0; pairs--)
                    {
                        _budget.Step();
                    }
                }

                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String && s["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = Regex.IsMatch(text.GetValue<string>(), p.GetValue<string>(), RegexOptions.CultureInvariant, _budget.MatchTimeout);
                }
                catch (ArgumentException)
                {
                    // Unreadable: the library refuses to build the schema, and it constrains nothing.
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

                break;
        }

        return true;
    }
}

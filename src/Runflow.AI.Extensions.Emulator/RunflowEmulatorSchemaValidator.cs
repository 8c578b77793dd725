using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Checks a JSON value against the parts of JSON Schema that tool and response schemas use: types (also as
/// arrays), enum, const, string lengths and patterns, numeric bounds, object properties, required and
/// additionalProperties, array items and bounds, anyOf, oneOf, allOf, not and local <c>$ref</c>s.
/// </summary>
/// <remarks>The emulator uses it to accept a value the user wrote only when the schema allows it.</remarks>
internal sealed class RunflowEmulatorSchemaValidator
{
    private const int MaxDepth = 64;
    private readonly JsonNode? _root;
    private readonly RunflowEmulatorSchemaBudget _budget;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorSchemaValidator"/> class.</summary>
    /// <param name="root">The root schema, against which <c>$ref</c>s resolve.</param>
    /// <param name="budget">
    /// The work the checks may take: every value checked counts, because branches that refer back to the root
    /// (<c>anyOf: [{ "$ref": "#" }, { "$ref": "#" }]</c>) double the work at every level.
    /// </param>
    public RunflowEmulatorSchemaValidator(JsonNode? root, RunflowEmulatorSchemaBudget budget)
    {
        _root = root;
        _budget = budget;
    }

    /// <summary>Tells whether <paramref name="value"/> is valid against <paramref name="schema"/>.</summary>
    /// <param name="value">The value; <see langword="null"/> is JSON null.</param>
    /// <param name="schema">The schema.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The check needs more than the budget allows.</exception>
    public bool IsValid(JsonNode? value, JsonNode? schema) => IsValid(value, schema, 0);

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
            JsonValueKind.Number => IsWhole(value) ? "integer" : "number",
            _ => "null",
        },
    };

    /// <summary>Reads a JSON number of any backing (parsed or created from a .NET number) as a double.</summary>
    /// <param name="value">A JSON number.</param>
    /// <returns>The value.</returns>
    public static double ToDouble(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsWhole(JsonNode value) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) ? d == decimal.Truncate(d) : ToDouble(value) % 1 == 0;

    private bool IsValid(JsonNode? value, JsonNode? schema, int depth)
    {
        _budget.Step();
        if (depth > MaxDepth)
        {
            return false;
        }

        schema = Resolve(_root, schema);
        if (schema is null)
        {
            return true;
        }

        if (schema is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return flag.GetValue<bool>();
        }

        if (schema is not JsonObject s)
        {
            return true;
        }

        return TypeMatches(value, s["type"]) &&
            (s["enum"] is not JsonArray options || options.Any(o => JsonNode.DeepEquals(o, value))) &&
            (!s.ContainsKey("const") || JsonNode.DeepEquals(s["const"], value)) &&
            StringMatches(value, s, _budget) &&
            NumberMatches(value, s) &&
            ObjectMatches(value, s, depth) &&
            ArrayMatches(value, s, depth) &&
            (s["anyOf"] is not JsonArray anyOf || anyOf.Any(b => IsValid(value, b, depth + 1))) &&
            (s["oneOf"] is not JsonArray oneOf || oneOf.Count(b => IsValid(value, b, depth + 1)) == 1) &&
            (s["allOf"] is not JsonArray allOf || allOf.All(b => IsValid(value, b, depth + 1))) &&
            (s["not"] is not JsonNode not || !IsValid(value, not, depth + 1));
    }

    private static bool TypeMatches(JsonNode? value, JsonNode? type)
    {
        string kind = KindOf(value);
        return type switch
        {
            null => true,
            JsonValue single when single.GetValueKind() == JsonValueKind.String => IsKind(kind, single.GetValue<string>()),
            JsonArray several => several.Any(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsKind(kind, v.GetValue<string>())),
            _ => true,
        };

        static bool IsKind(string kind, string type) => kind == type || (type == "number" && kind == "integer");
    }

    private static bool StringMatches(JsonNode? value, JsonObject s, RunflowEmulatorSchemaBudget budget)
    {
        if (KindOf(value) != "string")
        {
            return true;
        }

        string text = value!.GetValue<string>();
        int length = new StringInfo(text).LengthInTextElements;
        if (Number(s["minLength"]) is double min && length < min)
        {
            return false;
        }

        if (Number(s["maxLength"]) is double max && length > max)
        {
            return false;
        }

        if (s["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return Regex.IsMatch(text, p.GetValue<string>(), RegexOptions.CultureInvariant, budget.MatchTimeout);
            }
            catch (ArgumentException)
            {
                // A pattern .NET cannot read does not constrain anything the emulator can check.
                return true;
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        return true;
    }

    private static bool NumberMatches(JsonNode? value, JsonObject s)
    {
        if (KindOf(value) is not ("number" or "integer"))
        {
            return true;
        }

        double number = ToDouble(value!);
        bool exclusiveMinFlag = s["exclusiveMinimum"] is JsonValue emin && emin.GetValueKind() == JsonValueKind.True;
        bool exclusiveMaxFlag = s["exclusiveMaximum"] is JsonValue emax && emax.GetValueKind() == JsonValueKind.True;
        if (Number(s["minimum"]) is double min && (number < min || (exclusiveMinFlag && number == min)))
        {
            return false;
        }

        if (Number(s["maximum"]) is double max && (number > max || (exclusiveMaxFlag && number == max)))
        {
            return false;
        }

        if (Number(s["exclusiveMinimum"]) is double xmin && number <= xmin)
        {
            return false;
        }

        if (Number(s["exclusiveMaximum"]) is double xmax && number >= xmax)
        {
            return false;
        }

        if (Number(s["multipleOf"]) is double step && step > 0)
        {
            double ratio = number / step;
            return Math.Abs(ratio - Math.Round(ratio)) < 1e-9;
        }

        return true;
    }

    private bool ObjectMatches(JsonNode? value, JsonObject s, int depth)
    {
        if (value is not JsonObject obj)
        {
            return true;
        }

        if (s["required"] is JsonArray required &&
            required.Any(r => r is JsonValue v && v.GetValueKind() == JsonValueKind.String && !obj.ContainsKey(v.GetValue<string>())))
        {
            return false;
        }

        JsonObject? properties = s["properties"] as JsonObject;
        if (Number(s["minProperties"]) is double minProperties && obj.Count < minProperties)
        {
            return false;
        }

        if (Number(s["maxProperties"]) is double maxProperties && obj.Count > maxProperties)
        {
            return false;
        }

        foreach ((string name, JsonNode? item) in obj)
        {
            if (properties is not null && properties.TryGetPropertyValue(name, out JsonNode? propertySchema))
            {
                if (!IsValid(item, propertySchema, depth + 1))
                {
                    return false;
                }
            }
            else if (s["additionalProperties"] is JsonNode additional && !IsValid(item, additional, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private bool ArrayMatches(JsonNode? value, JsonObject s, int depth)
    {
        if (value is not JsonArray array)
        {
            return true;
        }

        if (Number(s["minItems"]) is double min && array.Count < min)
        {
            return false;
        }

        if (Number(s["maxItems"]) is double max && array.Count > max)
        {
            return false;
        }

        if (s["items"] is JsonNode items && items is not JsonArray && !array.All(i => IsValid(i, items, depth + 1)))
        {
            return false;
        }

        if (s["uniqueItems"] is JsonValue unique && unique.GetValueKind() == JsonValueKind.True)
        {
            for (int i = 0; i < array.Count; i++)
            {
                for (int j = i + 1; j < array.Count; j++)
                {
                    _budget.Step();
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}

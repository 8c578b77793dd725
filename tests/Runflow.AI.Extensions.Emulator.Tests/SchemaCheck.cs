using System.Text.Json;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>
/// A small JSON Schema checker of the test project's own, independent of the emulator's: it lists what an
/// instance breaks (type, enum, const, required, properties, additionalProperties, items, bounds, lengths,
/// pattern, anyOf/oneOf/allOf, local $ref).
/// </summary>
internal static class SchemaCheck
{
    public static void AssertValid(string instanceJson, string schemaJson)
    {
        using JsonDocument instance = JsonDocument.Parse(instanceJson);
        using JsonDocument schema = JsonDocument.Parse(schemaJson);
        var errors = new List<string>();
        Check(instance.RootElement, schema.RootElement, schema.RootElement, "$", errors);
        Assert.True(errors.Count == 0, $"{instanceJson} breaks its schema: {string.Join("; ", errors)}");
    }

    public static List<string> Errors(string instanceJson, string schemaJson)
    {
        using JsonDocument instance = JsonDocument.Parse(instanceJson);
        using JsonDocument schema = JsonDocument.Parse(schemaJson);
        var errors = new List<string>();
        Check(instance.RootElement, schema.RootElement, schema.RootElement, "$", errors);
        return errors;
    }

    private static void Check(JsonElement value, JsonElement schema, JsonElement root, string at, List<string> errors)
    {
        if (schema.ValueKind is JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind is JsonValueKind.False)
        {
            errors.Add($"{at}: schema false accepts nothing");
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            JsonElement target = root;
            foreach (string part in reference.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target.GetProperty(part);
            }

            Check(value, target, root, at, errors);
            return;
        }

        if (schema.TryGetProperty("type", out JsonElement type))
        {
            IEnumerable<string> allowed = type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!)
                : [type.GetString()!];
            if (!allowed.Any(t => HasType(value, t)))
            {
                errors.Add($"{at}: {value.ValueKind} is not {type.GetRawText()}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out JsonElement options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            errors.Add($"{at}: {value.GetRawText()} is not in {options.GetRawText()}");
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{at}: {value.GetRawText()} is not {constant.GetRawText()}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, root, at, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, root, at, errors);
                break;
            case JsonValueKind.String:
                string text = value.GetString()!;
                if (schema.TryGetProperty("minLength", out JsonElement minLength) && text.Length < minLength.GetInt32())
                {
                    errors.Add($"{at}: shorter than {minLength}");
                }

                if (schema.TryGetProperty("maxLength", out JsonElement maxLength) && text.Length > maxLength.GetInt32())
                {
                    errors.Add($"{at}: longer than {maxLength}");
                }

                if (schema.TryGetProperty("pattern", out JsonElement pattern) && !Regex.IsMatch(text, pattern.GetString()!))
                {
                    errors.Add($"{at}: '{text}' does not match {pattern}");
                }

                break;
            case JsonValueKind.Number:
                double number = value.GetDouble();
                if (schema.TryGetProperty("minimum", out JsonElement minimum) && number < minimum.GetDouble())
                {
                    errors.Add($"{at}: {number} < {minimum}");
                }

                if (schema.TryGetProperty("maximum", out JsonElement maximum) && number > maximum.GetDouble())
                {
                    errors.Add($"{at}: {number} > {maximum}");
                }

                if (schema.TryGetProperty("exclusiveMinimum", out JsonElement exclusiveMinimum) && exclusiveMinimum.ValueKind == JsonValueKind.Number && number <= exclusiveMinimum.GetDouble())
                {
                    errors.Add($"{at}: {number} <= {exclusiveMinimum}");
                }

                break;
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && !anyOf.EnumerateArray().Any(b => Passes(value, b, root)))
        {
            errors.Add($"{at}: matches no anyOf branch");
        }

        if (schema.TryGetProperty("oneOf", out JsonElement oneOf) && oneOf.EnumerateArray().Count(b => Passes(value, b, root)) != 1)
        {
            errors.Add($"{at}: does not match exactly one oneOf branch");
        }

        if (schema.TryGetProperty("allOf", out JsonElement allOf))
        {
            foreach (JsonElement branch in allOf.EnumerateArray())
            {
                Check(value, branch, root, at, errors);
            }
        }
    }

    private static bool Passes(JsonElement value, JsonElement schema, JsonElement root)
    {
        var errors = new List<string>();
        Check(value, schema, root, "$", errors);
        return errors.Count == 0;
    }

    private static void CheckObject(JsonElement value, JsonElement schema, JsonElement root, string at, List<string> errors)
    {
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{at}: missing required '{name.GetString()}'");
                }
            }
        }

        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties);
        foreach (JsonProperty member in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(member.Name, out JsonElement propertySchema))
            {
                Check(member.Value, propertySchema, root, $"{at}.{member.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out JsonElement additional))
            {
                Check(member.Value, additional, root, $"{at}.{member.Name}", errors);
            }
        }
    }

    private static void CheckArray(JsonElement value, JsonElement schema, JsonElement root, string at, List<string> errors)
    {
        int count = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out JsonElement minItems) && count < minItems.GetInt32())
        {
            errors.Add($"{at}: fewer than {minItems} items");
        }

        if (schema.TryGetProperty("maxItems", out JsonElement maxItems) && count > maxItems.GetInt32())
        {
            errors.Add($"{at}: more than {maxItems} items");
        }

        if (schema.TryGetProperty("items", out JsonElement items))
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Check(item, items, root, $"{at}[{i++}]", errors);
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => false,
    };
}

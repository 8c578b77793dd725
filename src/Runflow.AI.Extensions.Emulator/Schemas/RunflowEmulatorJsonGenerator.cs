using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Makes a JSON instance valid against a schema, deterministically: a value the user wrote for a field
/// (see <see cref="RunflowEmulatorTextValues"/>) is used when the field's schema accepts it; otherwise the schema's
/// <c>const</c>, <c>default</c> or first <c>enum</c> value, else a plausible value of its type and format.
/// </summary>
/// <remarks>
/// A schema met again through a <c>$ref</c> while it is being generated (a tree's children, a linked list's next), or
/// anything nested deeper than 12 levels, is generated at its smallest: required properties only, and only the items
/// <c>minItems</c> asks for. The work and the instance stay within the <see cref="RunflowEmulatorSchemaBudget"/> given.
/// </remarks>
internal sealed class RunflowEmulatorJsonGenerator
{
    // From this depth on, every schema is generated at its smallest, as its recursion would be.
    private const int SmallestFromDepth = 12;

    // Strings that satisfy the patterns .NET's schema exporter writes for TimeSpan, dates and times, tried in order.
    private static readonly string[] s_patternCandidates =
        ["00:00:01", "1.00:00:00", "2024-01-01", "12:00:00", "2024-01-01T12:00:00Z", "1", "a", "A", "abc", "ABC", "x"];

    private readonly JsonNode? _root;
    private readonly RunflowEmulatorTextValues _values;
    private readonly RunflowEmulatorSchemaValidator _validator;
    private readonly RunflowEmulatorSchemaBudget _budget;
    private readonly bool _onlyRequiredAtTop;

    // The schemas being generated on the current path that a $ref can lead back to: the root and every $ref target.
    private readonly HashSet<JsonNode> _expanding = new(ReferenceEqualityComparer.Instance);

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorJsonGenerator"/> class.</summary>
    /// <param name="root">The root schema.</param>
    /// <param name="values">Where to look for values the user wrote.</param>
    /// <param name="onlyRequiredAtTop">
    /// <see langword="true"/> for tool arguments: top-level optional properties are sent only when the user gave a value,
    /// so the function's own defaults apply. Nested objects always get all their properties.
    /// </param>
    /// <param name="budget">The work and size left to the answer this instance is part of.</param>
    public RunflowEmulatorJsonGenerator(JsonNode? root, RunflowEmulatorTextValues values, bool onlyRequiredAtTop, RunflowEmulatorSchemaBudget budget)
    {
        _root = root;
        _values = values;
        _budget = budget;
        _validator = new RunflowEmulatorSchemaValidator(root, _budget);
        _onlyRequiredAtTop = onlyRequiredAtTop;
    }

    /// <summary>Generates an instance of the root schema.</summary>
    /// <returns>The instance; <see langword="null"/> means JSON null.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The schema asks for more than <see cref="RunflowEmulatorSchemaBudget"/> allows.</exception>
    public JsonNode? Generate()
    {
        if (_root is not null)
        {
            _expanding.Add(_root);
        }

        return Generate(_root, name: null, depth: 0, smallest: false);
    }

    private JsonNode? Generate(JsonNode? schema, string? name, int depth, bool smallest)
    {
        _budget.Generating(depth);
        JsonNode? target = RunflowEmulatorSchemaValidator.Resolve(_root, schema);
        if (ReferenceEquals(target, schema) || target is null)
        {
            return GenerateResolved(target, name, depth, smallest || depth >= SmallestFromDepth);
        }

        if (!_expanding.Add(target))
        {
            // A $ref back to a schema on the path: its smallest instance ends the recursion, unless it requires itself.
            return GenerateResolved(target, name, depth, smallest: true);
        }

        try
        {
            return GenerateResolved(target, name, depth, smallest || depth >= SmallestFromDepth);
        }
        finally
        {
            _expanding.Remove(target);
        }
    }

    private JsonNode? GenerateResolved(JsonNode? schema, string? name, int depth, bool smallest)
    {
        if (schema is not JsonObject s)
        {
            // true, {} or a missing schema accept anything.
            return Counted(name is not null && _values.TryGet(name, out string anyRaw) ? Unquote(anyRaw) : JsonValue.Create("sample"));
        }

        if (s.ContainsKey("const"))
        {
            return Counted(s["const"]?.DeepClone());
        }

        if (name is not null && _values.TryGet(name, out string raw) && TryCoerce(raw, s, out JsonNode? given))
        {
            return Counted(given);
        }

        if (s.TryGetPropertyValue("default", out JsonNode? defaultValue) && _validator.IsValid(defaultValue, s))
        {
            return Counted(defaultValue?.DeepClone());
        }

        if (s["enum"] is JsonArray options && options.Count > 0)
        {
            return Counted(options.FirstOrDefault(o => _validator.IsValid(o, s))?.DeepClone() ?? options[0]?.DeepClone());
        }

        if ((s["anyOf"] ?? s["oneOf"]) is JsonArray branches && branches.Count > 0)
        {
            JsonNode? branch = branches.FirstOrDefault(b => PickType(RunflowEmulatorSchemaValidator.Resolve(_root, b) as JsonObject) != "null") ?? branches[0];
            return Generate(Merge(s, RunflowEmulatorSchemaValidator.Resolve(_root, branch), "anyOf", "oneOf"), name, depth + 1, smallest);
        }

        if (s["allOf"] is JsonArray parts && parts.Count > 0)
        {
            JsonObject merged = s;
            foreach (JsonNode? part in parts)
            {
                merged = Merge(merged, RunflowEmulatorSchemaValidator.Resolve(_root, part), "allOf");
            }

            return Generate(merged, name, depth + 1, smallest);
        }

        JsonNode? value = PickType(s) switch
        {
            "object" => GenerateObject(s, depth, smallest),
            "array" => GenerateArray(s, depth, smallest),
            "integer" => Counted(JsonValue.Create(GenerateInteger(s))),
            "number" => Counted(JsonValue.Create(GenerateNumber(s))),
            "boolean" => Counted(JsonValue.Create(true)),
            "null" => null,
            _ => Counted(JsonValue.Create(GenerateString(s, name))),
        };

        if (s["not"] is JsonNode not && _validator.IsValid(value, not) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = Counted(JsonValue.Create(v.GetValue<string>() + "-1"));
        }

        return value;
    }

    // Adds a value's length to the instance's, so a 30 MB value the user wrote, repeated in 100 items, is refused.
    private JsonNode? Counted(JsonNode? value)
    {
        _budget.Add(value switch
        {
            null => 4,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length + 2,
            _ => value.ToJsonString().Length,
        });
        return value;
    }

    private JsonObject GenerateObject(JsonObject s, int depth, bool smallest)
    {
        var result = new JsonObject();
        HashSet<string> required = s["required"] is JsonArray r
            ? r.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
            : [];

        if (s["properties"] is JsonObject properties)
        {
            foreach ((string property, JsonNode? propertySchema) in properties)
            {
                bool include = required.Contains(property) ||
                    (!smallest && (!(_onlyRequiredAtTop && depth == 0) || _values.TryGet(property, out _)));
                if (include)
                {
                    _budget.Add(property.Length + 3);
                    result[property] = Generate(propertySchema, property, depth + 1, smallest);
                }
            }
        }

        foreach (string property in required)
        {
            if (!result.ContainsKey(property))
            {
                _budget.Add(property.Length + 3);
                result[property] = Generate(s["additionalProperties"] as JsonObject, property, depth + 1, smallest);
            }
        }

        double minProperties = Number(s["minProperties"]) ?? 0;
        RunflowEmulatorSchemaBudget.Demand("minProperties", minProperties, RunflowEmulatorSchemaBudget.MaxProperties, "properties");
        for (int i = 1; result.Count < minProperties && s["additionalProperties"] is not JsonValue; i++)
        {
            string key = $"key{i}";
            _budget.Add(key.Length + 3);
            result[key] = Generate(s["additionalProperties"], name: null, depth + 1, smallest);
        }

        return result;
    }

    private JsonArray GenerateArray(JsonObject s, int depth, bool smallest)
    {
        double minItems = Number(s["minItems"]) ?? 0;
        RunflowEmulatorSchemaBudget.Demand("minItems", minItems, RunflowEmulatorSchemaBudget.MaxItems, "items");
        int min = (int)Math.Max(minItems, 0);
        int max = (int)Math.Clamp(Number(s["maxItems"]) ?? int.MaxValue, 0, int.MaxValue);
        int count = Math.Min(smallest ? min : Math.Max(min, 1), max);
        bool unique = s["uniqueItems"] is JsonValue u && u.GetValueKind() == JsonValueKind.True;
        JsonNode? itemSchema = s["items"] is JsonArray tuple ? (tuple.Count > 0 ? tuple[0] : null) : s["items"];

        var result = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            JsonNode? item = Generate(itemSchema, name: null, depth + 1, smallest);
            if (unique && result.Any(existing => JsonNode.DeepEquals(existing, item)))
            {
                item = Counted(Vary(item, i, itemSchema));
            }

            result.Add(item);
        }

        return result;
    }

    private JsonNode? Vary(JsonNode? item, int index, JsonNode? itemSchema)
    {
        JsonObject? s = RunflowEmulatorSchemaValidator.Resolve(_root, itemSchema) as JsonObject;
        if (s?["enum"] is JsonArray options && index < options.Count)
        {
            return options[index]?.DeepClone();
        }

        return RunflowEmulatorSchemaValidator.KindOf(item) switch
        {
            "string" => JsonValue.Create($"{item!.GetValue<string>()} {index + 1}"),
            "integer" => JsonValue.Create((long)RunflowEmulatorSchemaValidator.ToDouble(item!) + index),
            "number" => JsonValue.Create(RunflowEmulatorSchemaValidator.ToDouble(item!) + index),
            _ => item,
        };
    }

    private static long GenerateInteger(JsonObject s)
    {
        double low = LowerBound(s, 1);
        double high = UpperBound(s, 1);
        long value = 1;
        if (value < low)
        {
            value = (long)Math.Ceiling(low);
        }

        if (value > high)
        {
            value = (long)Math.Floor(high);
        }

        if (Number(s["multipleOf"]) is double step && step >= 1)
        {
            value = (long)(Math.Ceiling(value / step) * step);
        }

        return value;
    }

    private static double GenerateNumber(JsonObject s)
    {
        double low = LowerBound(s, 0.5);
        double high = UpperBound(s, 0.5);
        double value = 1.5;
        if (value < low)
        {
            value = low;
        }

        if (value > high)
        {
            value = high;
        }

        if (Number(s["multipleOf"]) is double step && step > 0)
        {
            value = Math.Ceiling(value / step) * step;
        }

        return value;
    }

    private static double LowerBound(JsonObject s, double exclusiveGap)
    {
        double low = double.NegativeInfinity;
        if (Number(s["minimum"]) is double min)
        {
            low = s["exclusiveMinimum"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True ? min + exclusiveGap : min;
        }

        if (Number(s["exclusiveMinimum"]) is double xmin)
        {
            low = Math.Max(low, xmin + exclusiveGap);
        }

        return low;
    }

    private static double UpperBound(JsonObject s, double exclusiveGap)
    {
        double high = double.PositiveInfinity;
        if (Number(s["maximum"]) is double max)
        {
            high = s["exclusiveMaximum"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True ? max - exclusiveGap : max;
        }

        if (Number(s["exclusiveMaximum"]) is double xmax)
        {
            high = Math.Min(high, xmax - exclusiveGap);
        }

        return high;
    }

    private string GenerateString(JsonObject s, string? name)
    {
        string format = s["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : string.Empty;
        string value = format switch
        {
            "date-time" => "2024-01-01T12:00:00Z",
            "date" => "2024-01-01",
            "time" => "12:00:00",
            "duration" => "PT1H",
            "uuid" => "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "email" or "idn-email" => "someone@example.com",
            "uri" or "iri" or "uri-reference" or "iri-reference" or "url" => "https://example.com/",
            "hostname" or "idn-hostname" => "example.com",
            "ipv4" => "127.0.0.1",
            "ipv6" => "::1",
            _ => name is null ? "sample" : $"sample {name}",
        };

        double minLengthAsked = Number(s["minLength"]) ?? 0;
        RunflowEmulatorSchemaBudget.Demand("minLength", minLengthAsked, RunflowEmulatorSchemaBudget.MaxStringLength, "characters");
        int minLength = (int)Math.Max(minLengthAsked, 0);
        int maxLength = (int)Math.Clamp(Number(s["maxLength"]) ?? int.MaxValue, 0, int.MaxValue);
        if (value.Length > maxLength)
        {
            value = value[..maxLength];
        }

        if (value.Length < minLength)
        {
            value = value.PadRight(minLength, 'x');
        }

        if (s["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String && !_validator.IsValid(JsonValue.Create(value), s))
        {
            string pattern = p.GetValue<string>();
            // The candidates first: a TimeSpan's pattern also matches "91:64:57", which no TimeSpan parses.
            value = s_patternCandidates.Append(null).Select(c => c ?? RunflowEmulatorPatternSampler.Sample(pattern, name))
                .FirstOrDefault(c => c is not null && Matches(c, pattern) && _validator.IsValid(JsonValue.Create(c), s)) ?? value;
        }

        return value;
    }

    private bool Matches(string candidate, string pattern)
    {
        try
        {
            return Regex.IsMatch(candidate, pattern, RegexOptions.CultureInvariant, _budget.MatchTimeout);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private bool TryCoerce(string raw, JsonObject schema, out JsonNode? value)
    {
        foreach (JsonNode? candidate in Candidates(raw, schema))
        {
            if (_validator.IsValid(candidate, schema))
            {
                value = candidate;
                return true;
            }
        }

        value = null;
        return false;
    }

    private static IEnumerable<JsonNode?> Candidates(string raw, JsonObject schema)
    {
        if (schema["enum"] is JsonArray options)
        {
            foreach (JsonNode? option in options)
            {
                if (option is JsonValue v && v.GetValueKind() == JsonValueKind.String &&
                    string.Equals(v.GetValue<string>(), Unquote(raw).GetValue<string>(), StringComparison.OrdinalIgnoreCase))
                {
                    yield return option.DeepClone();
                }
            }
        }

        JsonNode? parsed = null;
        bool isJson = false;
        try
        {
            parsed = JsonNode.Parse(raw);
            isJson = true;
        }
        catch (JsonException)
        {
        }

        if (isJson)
        {
            yield return NormalizeNumber(parsed);
        }

        JsonValue text = Unquote(raw);
        yield return text;

        string plain = text.GetValue<string>();
        if (plain.Equals("yes", StringComparison.OrdinalIgnoreCase) || plain.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            yield return JsonValue.Create(true);
        }
        else if (plain.Equals("no", StringComparison.OrdinalIgnoreCase) || plain.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            yield return JsonValue.Create(false);
        }
        else if (decimal.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number))
        {
            yield return number == decimal.Truncate(number) && Math.Abs(number) <= long.MaxValue
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);
        }
    }

    // A whole number written as 42.0 must travel as 42, or integer parameters fail to bind.
    private static JsonNode? NormalizeNumber(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number &&
        decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) &&
        d == decimal.Truncate(d) && Math.Abs(d) <= long.MaxValue
            ? JsonValue.Create((long)d)
            : node;

    private static JsonValue Unquote(string raw)
    {
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
        {
            try
            {
                if (JsonNode.Parse(raw) is JsonValue s)
                {
                    return s;
                }
            }
            catch (JsonException)
            {
            }
        }

        if (raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'')
        {
            return JsonValue.Create(raw[1..^1]);
        }

        return JsonValue.Create(raw);
    }

    private static JsonObject Merge(JsonObject outer, JsonNode? inner, params string[] drop)
    {
        var merged = new JsonObject();
        foreach ((string key, JsonNode? item) in outer)
        {
            if (!drop.Contains(key))
            {
                merged[key] = item?.DeepClone();
            }
        }

        if (inner is JsonObject innerObject)
        {
            foreach ((string key, JsonNode? item) in innerObject)
            {
                if (key == "properties" && merged["properties"] is JsonObject existing && item is JsonObject more)
                {
                    foreach ((string property, JsonNode? propertySchema) in more)
                    {
                        existing[property] = propertySchema?.DeepClone();
                    }
                }
                else if (key == "required" && merged["required"] is JsonArray have && item is JsonArray add)
                {
                    foreach (JsonNode? r in add)
                    {
                        have.Add(r?.DeepClone());
                    }
                }
                else
                {
                    merged[key] = item?.DeepClone();
                }
            }
        }

        return merged;
    }

    private static string PickType(JsonObject? s)
    {
        if (s is null)
        {
            return "string";
        }

        switch (s["type"])
        {
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                return single.GetValue<string>();
            case JsonArray several:
                string[] names = several.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToArray();
                return names.FirstOrDefault(n => n != "null") ?? names.FirstOrDefault() ?? "string";
        }

        if (s.ContainsKey("properties") || s.ContainsKey("required") || s.ContainsKey("additionalProperties"))
        {
            return "object";
        }

        return s.ContainsKey("items") ? "array" : "string";
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}

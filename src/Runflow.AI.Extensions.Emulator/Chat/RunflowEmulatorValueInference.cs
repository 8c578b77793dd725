using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads the values a message gives in prose for the properties of a schema, by each property's type, format, name and
/// description: an <c>enum</c> value (or a value a description gives as an example, such as <c>Europe/Lisbon</c>)
/// the text names; numbers, in order, for numeric properties; a date for a <c>date</c> or <c>date-time</c> property;
/// a capitalised name (<c>Paris</c>, <c>New York</c>) for a property about a place or a person, preferring one right
/// after the property's own name (<c>from Porto</c>); a token with digits (<c>A-1042</c>) for an id; an e-mail
/// address or a link for those formats; the whole message for a query; a quoted string for any other string.
/// </summary>
/// <remarks>Each value is offered to one property only. A value found here is a candidate: the schema still decides.
/// Only a text's first <see cref="MaxProse"/> characters are read this way; written <c>name: value</c> pairs are found anywhere.</remarks>
internal static partial class RunflowEmulatorValueInference
{
    // Bounds the work a hostile schema can ask for: properties beyond these are left to the generator's samples.
    private const int MaxProperties = 200;
    private const int MaxDepth = 8;

    /// <summary>The characters of a text read for values in prose, which bounds the work a huge message costs.</summary>
    public const int MaxProse = 64 * 1024;

    private static readonly HashSet<string> s_placeOrPersonWords = new(StringComparer.Ordinal)
    {
        "city", "location", "place", "town", "country", "region", "destination", "origin", "venue", "where", "from", "to",
        "capital", "airport", "station", "name", "person", "author", "customer", "contact", "recipient", "sender",
    };

    private static readonly HashSet<string> s_idWords = new(StringComparer.Ordinal) { "id", "code", "ref", "reference", "sku", "number" };

    private static readonly HashSet<string> s_queryWords = new(StringComparer.Ordinal)
    {
        "query", "question", "prompt", "text", "message", "input", "search", "term", "keyword", "topic",
    };

    private static readonly HashSet<string> s_dateWords = new(StringComparer.Ordinal) { "date", "day", "birthday" };

    // Capitalised words that are not names of places or people.
    private static readonly HashSet<string> s_notNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Use", "Call", "Please",
    };

    private static readonly string[] s_months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Reads the values <paramref name="text"/> gives for the properties of <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema, its nested objects and array items included.</param>
    /// <param name="text">A message in prose; JSON texts give their values by name only, so they are skipped.</param>
    /// <param name="explicitSpan">Gives where the text writes a value for a property as <c>name: value</c>: such a
    /// value wins over anything read here, so it is taken out of the prose before the rest is read.</param>
    /// <returns>Each property's value as JSON text, by property name without regard to case.</returns>
    public static Dictionary<string, string> Infer(JsonNode? schema, string text, Func<string, IEnumerable<(int Start, int Length)>> explicitSpan)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string trimmed = text.TrimStart();
        if (schema is not JsonObject || trimmed.Length == 0 || trimmed[0] is '{' or '[')
        {
            return found;
        }

        List<(string Name, JsonObject Schema)> properties = Properties(schema);
        char[] prose = text.ToCharArray(0, Math.Min(text.Length, MaxProse));
        foreach ((string name, _) in properties)
        {
            foreach ((int start, int length) in explicitSpan(name).TakeWhile(span => span.Start < prose.Length))
            {
                Array.Fill(prose, ' ', start, Math.Min(length, prose.Length - start));
            }
        }

        // A word that is one of a property's options ("Celsius") is that option, not a place or a person.
        var options = properties.SelectMany(p => StringOptions(p.Schema)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pools = new Pools(new string(prose), options);
        foreach ((string name, JsonObject propertySchema) in properties)
        {
            if (!found.ContainsKey(name) && Pick(name, propertySchema, pools) is string value)
            {
                found[name] = value;
            }
        }

        return found;
    }

    private static string? Pick(string name, JsonObject schema, Pools pools)
    {
        if (schema.ContainsKey("const"))
        {
            return null;
        }

        string type = TypeOf(schema);
        string description = schema["description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : string.Empty;
        HashSet<string> nameWords = RunflowEmulatorWords.Parts(name).ToHashSet(StringComparer.Ordinal);
        HashSet<string> aboutWords = [.. nameWords, .. RunflowEmulatorWords.Split(description)];

        List<string> options = StringOptions(schema);
        if (options.Count > 0)
        {
            return options.Select(o => (Option: o, Index: pools.IndexOfMention(o))).Where(m => m.Index >= 0).OrderBy(m => m.Index)
                .Select(m => JsonValue.Create(m.Option).ToJsonString()).FirstOrDefault();
        }

        if (type is "integer" or "number")
        {
            return pools.TakeNumber(integer: type == "integer");
        }

        if (type != "string")
        {
            return null;
        }

        if (Examples(description).Select(e => (Example: e, Index: pools.IndexOfMention(e))).Where(m => m.Index >= 0).OrderBy(m => m.Index).FirstOrDefault() is { Example: { } example })
        {
            return Quote(example);
        }

        string format = schema["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : string.Empty;
        string? value = format switch
        {
            "date" => pools.TakeDate(dateTime: false),
            "date-time" => pools.TakeDate(dateTime: true),
            "email" or "idn-email" => pools.Take(pools.Emails),
            "uri" or "iri" or "url" or "uri-reference" or "iri-reference" => pools.Take(pools.Links),
            _ when format.Length > 0 => null,
            _ when nameWords.Overlaps(s_dateWords) => pools.TakeDate(dateTime: false),
            _ when nameWords.Count > 0 && s_idWords.Contains(RunflowEmulatorWords.Parts(name).Last()) => pools.Take(pools.Ids),
            _ when aboutWords.Overlaps(s_placeOrPersonWords) => pools.TakeName(nameWords),
            _ when nameWords.Overlaps(s_queryWords) => pools.Query,
            _ => pools.Take(pools.Quoted),
        };
        return value is null ? null : Quote(value);
    }

    private static string Quote(string value) => JsonValue.Create(value).ToJsonString(RunflowEmulatorModel.JsonOptions);

    // Values a description shows as examples: "such as Europe/Lisbon", "e.g. 'metric'", "`A-1`".
    private static IEnumerable<string> Examples(string description) =>
        ExamplePattern().Matches(description).Select(m => m.Groups["v"].Value.TrimEnd('.', ',', ';', ')')).Where(v => v.Length > 0);

    private static List<string> StringOptions(JsonObject schema)
    {
        IEnumerable<JsonNode?> options = schema["enum"] as JsonArray ?? [];
        if ((schema["anyOf"] ?? schema["oneOf"]) is JsonArray branches)
        {
            options = options.Concat(branches.OfType<JsonObject>().SelectMany(b => b["enum"] as JsonArray ?? []));
        }

        return options.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).Where(v => v.Length > 0).ToList();
    }

    private static string TypeOf(JsonObject schema)
    {
        switch (schema["type"])
        {
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                return single.GetValue<string>();
            case JsonArray several:
                return several.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null";
        }

        return (schema["anyOf"] ?? schema["oneOf"]) is JsonArray branches
            ? branches.OfType<JsonObject>().Select(TypeOf).FirstOrDefault(t => t is not "null" and not "") ?? string.Empty
            : string.Empty;
    }

    private static List<(string, JsonObject)> Properties(JsonNode root)
    {
        var found = new List<(string, JsonObject)>();
        var visited = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        Walk(root, root, 0, found, visited);
        return found;
    }

    private static void Walk(JsonNode root, JsonNode? node, int depth, List<(string, JsonObject)> found, HashSet<JsonNode> visited)
    {
        if (Resolve(root, node) is not JsonObject schema || depth > MaxDepth || found.Count >= MaxProperties || !visited.Add(schema))
        {
            return;
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach ((string name, JsonNode? propertySchema) in properties)
            {
                if (found.Count < MaxProperties && Resolve(root, propertySchema) is JsonObject resolved)
                {
                    found.Add((name, resolved));
                }
            }

            foreach ((_, JsonNode? propertySchema) in properties)
            {
                Walk(root, propertySchema, depth + 1, found, visited);
            }
        }

        Walk(root, schema["items"], depth + 1, found, visited);
        foreach (string key in (string[])["anyOf", "oneOf", "allOf"])
        {
            if (schema[key] is JsonArray branches)
            {
                foreach (JsonNode? branch in branches)
                {
                    Walk(root, branch, depth + 1, found, visited);
                }
            }
        }
    }

    // A local reference (#/$defs/user) is followed; anything else is left to the generator.
    private static JsonNode? Resolve(JsonNode root, JsonNode? node)
    {
        for (int hops = 0; hops < MaxDepth && node is JsonObject o && o["$ref"] is JsonValue r && r.GetValueKind() == JsonValueKind.String; hops++)
        {
            string reference = r.GetValue<string>();
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return null;
            }

            node = root;
            foreach (string part in reference[2..].Split('/'))
            {
                node = node is JsonObject at ? at[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null;
            }
        }

        return node;
    }

    [GeneratedRegex(@"(?:such as|e\.g\.|for example|like)\s+(?<v>[\p{L}\p{N}_+\-]+(?:/[\p{L}\p{N}_+\-]+)+|[\p{L}\p{N}][\p{L}\p{N}_\-]*\p{N}[\p{L}\p{N}_\-]*)|[`'""](?<v>[^`'""\s]{1,64})[`'""]|(?<v>\p{L}+(?:/[\p{L}\p{N}_+\-]+)+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExamplePattern();

    /// <summary>The values a text offers, each taken by one property at most.</summary>
    private sealed partial class Pools
    {
        private readonly string _text;
        private readonly List<(string Value, bool Integer)> _numbers = [];
        private readonly List<(string Date, string? DateTime)> _dates = [];
        private readonly List<(string Name, int Index)> _names = [];
        private readonly HashSet<int> _taken = [];

        public Pools(string text, HashSet<string> options)
        {
            _text = text;
            char[] rest = text.ToCharArray();
            foreach (Match m in IsoDatePattern().Matches(text))
            {
                _dates.Add((m.Groups["date"].Value, DateTimeOf(m)));
                Array.Fill(rest, ' ', m.Index, m.Length);
            }

            foreach (Match m in WrittenDatePattern().Matches(new string(rest)))
            {
                if (WrittenDate(m) is string date)
                {
                    _dates.Add((date, null));
                    Array.Fill(rest, ' ', m.Index, m.Length);
                }
            }

            string prose = new(rest);
            foreach (Match m in EmailPattern().Matches(prose))
            {
                Emails.Add(m.Value);
            }

            foreach (Match m in LinkPattern().Matches(prose))
            {
                Links.Add(m.Value.TrimEnd('.', ',', ')', '?', '!'));
                Array.Fill(rest, ' ', m.Index, m.Length);
            }

            prose = new string(rest);
            foreach (Match m in IdPattern().Matches(prose))
            {
                Ids.Add(m.Value);
            }

            foreach (Match m in QuotedPattern().Matches(prose))
            {
                Quoted.Add(m.Groups["q"].Value);
            }

            foreach (Match m in NumberPattern().Matches(QuotedPattern().Replace(prose, q => new string(' ', q.Length))))
            {
                _numbers.Add((m.Value, !m.Value.Contains('.', StringComparison.Ordinal)));
            }

            FindNames(prose);
            _names.RemoveAll(n => options.Contains(n.Name));
            Query = text.Trim() is { Length: > 0 } query ? query : null;
        }

        public List<string> Emails { get; } = [];

        public List<string> Links { get; } = [];

        public List<string> Ids { get; } = [];

        public List<string> Quoted { get; } = [];

        public string? Query { get; }

        public string? Take(List<string> pool)
        {
            if (pool.Count == 0)
            {
                return null;
            }

            string value = pool[0];
            pool.RemoveAt(0);
            return value;
        }

        public string? TakeNumber(bool integer)
        {
            int i = _numbers.FindIndex(n => !integer || n.Integer);
            if (i < 0)
            {
                return null;
            }

            string value = _numbers[i].Value;
            _numbers.RemoveAt(i);
            return value;
        }

        public string? TakeDate(bool dateTime)
        {
            if (_dates.Count == 0)
            {
                return null;
            }

            (string date, string? full) = _dates[0];
            _dates.RemoveAt(0);
            return dateTime ? full ?? date + "T00:00:00Z" : date;
        }

        // A name right after one of the property's own words ("from Porto", "to Lisbon") is the one meant; otherwise
        // the first name not taken.
        public string? TakeName(HashSet<string> propertyWords)
        {
            int pick = -1;
            for (int i = 0; i < _names.Count && pick < 0; i++)
            {
                if (!_taken.Contains(i) && WordBefore(_names[i].Index) is string before && propertyWords.Contains(RunflowEmulatorWords.Stem(before)))
                {
                    pick = i;
                }
            }

            for (int i = 0; i < _names.Count && pick < 0; i++)
            {
                if (!_taken.Contains(i) && !IsAnchoredToAnotherWord(i))
                {
                    pick = i;
                }
            }

            if (pick < 0)
            {
                return null;
            }

            _taken.Add(pick);
            return _names[pick].Name;
        }

        // The index where the text names a value: the whole value, or for a path such as Europe/Lisbon or
        // America/New_York its last part written as words.
        public int IndexOfMention(string value)
        {
            int at = IndexOfWord(value);
            if (at < 0 && value.LastIndexOf('/') is int slash and >= 0 && slash < value.Length - 1)
            {
                at = IndexOfWord(value[(slash + 1)..].Replace('_', ' '));
            }

            return at;
        }

        private int IndexOfWord(string word)
        {
            for (int at = _text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = _text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                bool startsWord = at == 0 || !char.IsLetterOrDigit(_text[at - 1]);
                bool endsWord = at + word.Length == _text.Length || !char.IsLetterOrDigit(_text[at + word.Length]);
                if (startsWord && endsWord)
                {
                    return at;
                }
            }

            return -1;
        }

        // "from Porto to Lisbon": Lisbon follows "to", so a property that is not "to" takes it only when nothing else is left.
        private bool IsAnchoredToAnotherWord(int i) =>
            WordBefore(_names[i].Index) is "to" or "from" &&
            _names.Where((_, j) => j != i && !_taken.Contains(j)).Any();

        private string? WordBefore(int index)
        {
            int end = index;
            while (end > 0 && _text[end - 1] == ' ')
            {
                end--;
            }

            int start = end;
            while (start > 0 && char.IsLetter(_text[start - 1]))
            {
                start--;
            }

            return end > start ? _text[start..end].ToLowerInvariant() : null;
        }

        private void FindNames(string prose)
        {
            foreach (Match m in NamePattern().Matches(prose))
            {
                var words = m.Value.Split(' ').ToList();
                int index = m.Index;
                bool sentenceStart = IsSentenceStart(prose, m.Index);
                if (sentenceStart || RunflowEmulatorWords.IsStopWord(words[0]))
                {
                    // A sentence's first word is capitalised anyway: it starts a name only when the next word does too.
                    if (words.Count == 1 || RunflowEmulatorWords.IsStopWord(words[0]) || s_notNames.Contains(words[0]))
                    {
                        index += words[0].Length + 1;
                        words.RemoveAt(0);
                    }
                }

                if (words.Any(w => RunflowEmulatorWords.IsIdentifier(w)))
                {
                    continue;
                }

                words.RemoveAll(w => s_notNames.Contains(w));
                if (words.Count > 0 && !words.All(RunflowEmulatorWords.IsStopWord))
                {
                    _names.Add((string.Join(' ', words), index));
                }
            }
        }

        private static bool IsSentenceStart(string text, int index)
        {
            int i = index - 1;
            while (i >= 0 && text[i] is ' ' or '"' or '\'' or '(' or '“')
            {
                i--;
            }

            return i < 0 || text[i] is '.' or '?' or '!' or ':' or ';' or '\n' or '\r';
        }

        private static string? DateTimeOf(Match m)
        {
            if (!m.Groups["time"].Success)
            {
                return null;
            }

            string time = m.Groups["time"].Value;
            if (time.Length == 5)
            {
                time += ":00";
            }

            string zone = m.Groups["zone"].Success ? m.Groups["zone"].Value : "Z";
            return $"{m.Groups["date"].Value}T{time}{zone}";
        }

        private static string? WrittenDate(Match m)
        {
            string monthText = (m.Groups["m1"].Success ? m.Groups["m1"] : m.Groups["m2"]).Value.ToLowerInvariant();
            int month = Array.FindIndex(s_months, p => monthText.StartsWith(p, StringComparison.Ordinal)) + 1;
            int day = int.Parse(m.Groups["d1"].Success ? m.Groups["d1"].Value : m.Groups["d2"].Value, CultureInfo.InvariantCulture);
            int year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            return month > 0 && day <= DateTime.DaysInMonth(year, month) && day > 0
                ? new DateOnly(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null;
        }

        [GeneratedRegex(@"(?<![\p{N}])(?<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?:[T ](?<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(?<zone>Z|[+-]\d{2}:\d{2})?)?(?![\p{N}])", RegexOptions.CultureInvariant)]
        private static partial Regex IsoDatePattern();

        [GeneratedRegex(@"\b(?:(?<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?<m1>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|(?<m2>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+(?<d2>\d{1,2})(?:st|nd|rd|th)?),?\s+(?<y>\d{4})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
        private static partial Regex WrittenDatePattern();

        [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+", RegexOptions.CultureInvariant)]
        private static partial Regex EmailPattern();

        [GeneratedRegex(@"https?://[^\s""'<>]+", RegexOptions.CultureInvariant)]
        private static partial Regex LinkPattern();

        // An id mixes letters and digits (A-1042, INV7, ab12cd), or is a run of five or more digits.
        [GeneratedRegex(@"(?<![\p{L}\p{N}_\-])(?:(?=[\p{L}\p{N}_\-]*\p{L})(?=[\p{L}\p{N}_\-]*\p{N})[\p{L}\p{N}][\p{L}\p{N}_\-]*[\p{L}\p{N}]|\p{N}{5,})(?![\p{L}\p{N}_\-])", RegexOptions.CultureInvariant)]
        private static partial Regex IdPattern();

        [GeneratedRegex(@"""(?<q>[^""\r\n]{1,500})""|“(?<q>[^”\r\n]{1,500})”", RegexOptions.CultureInvariant)]
        private static partial Regex QuotedPattern();

        // A number stands alone: not part of a word or an id (Q3, A-1042), nor of a time (9:00).
        [GeneratedRegex(@"(?<![\p{L}\p{N}_.:\-])-?\d+(?:\.\d+)?(?![\p{L}\p{N}_]|\.\d|:\d)", RegexOptions.CultureInvariant)]
        private static partial Regex NumberPattern();

        [GeneratedRegex(@"(?<![\p{L}\p{N}_])\p{Lu}[\p{Ll}\p{Lu}\-]*(?: \p{Lu}[\p{Ll}\p{Lu}\-]*)*(?![\p{L}\p{N}_])", RegexOptions.CultureInvariant)]
        private static partial Regex NamePattern();
    }
}

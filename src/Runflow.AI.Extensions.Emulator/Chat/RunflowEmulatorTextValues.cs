using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Finds values the user wrote for a named field: <c>city=Lisbon</c>, <c>city: New York</c>, <c>name="Ann, Jr."</c>,
/// <c>items=["a","b"]</c>, <c>person={"name":"Ann"}</c>, and JSON members such as <c>"city": "Lisbon"</c>. A value
/// without quotes or brackets ends at a comma, semicolon, closing bracket, line end, sentence end (<c>. ? !</c>
/// before a space), or before the next <c>word=</c> / <c>word:</c> or a joining word (and, or, then, to, for, with,
/// from, in, at, by, using, so, but, please).
/// </summary>
/// <remarks>
/// A field the text gives no value for that way may still get one from its prose, read by the field's schema
/// (see <see cref="RunflowEmulatorValueInference"/>): <c>What's the weather in Paris?</c> gives <c>city</c> the value
/// <c>Paris</c>. Texts are searched in order, and in each a written <c>name: value</c> wins over what the prose gives.
/// </remarks>
internal sealed partial class RunflowEmulatorTextValues
{
    private readonly string[] _texts;
    private readonly JsonNode? _schema;
    private readonly Dictionary<string, string>?[] _inferred;
    private readonly RunflowEmulatorTextValues? _then;

    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorTextValues"/> class.</summary>
    /// <param name="schema">The schema the values are for, which says what the prose of a text can give each field.</param>
    /// <param name="texts">The texts to search, most specific first; the first text holding a value wins.</param>
    /// <param name="then">The values to fall back on, shared by several instances so their texts are read once.</param>
    public RunflowEmulatorTextValues(JsonNode? schema, IEnumerable<string?> texts, RunflowEmulatorTextValues? then = null)
    {
        _schema = schema;
        _texts = texts.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToArray();
        _inferred = new Dictionary<string, string>?[_texts.Length];
        _then = then;
    }

    /// <summary>Gets the raw text of the value written for <paramref name="name"/>, matched without regard to case.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="raw">The value as written, quotes and brackets included.</param>
    /// <returns><see langword="true"/> when a value was found.</returns>
    public bool TryGet(string name, out string raw)
    {
        if (!string.IsNullOrEmpty(name))
        {
            for (int i = 0; i < _texts.Length; i++)
            {
                foreach ((_, _, string written) in Written(name, _texts[i]))
                {
                    raw = written;
                    return true;
                }

                _inferred[i] ??= RunflowEmulatorValueInference.Infer(_schema, _texts[i], field => Written(field, _texts[i]).Select(w => (w.Start, w.Length)));
                if (_inferred[i]!.TryGetValue(name, out string? inferred))
                {
                    raw = inferred;
                    return true;
                }
            }
        }

        if (_then is not null)
        {
            return _then.TryGet(name, out raw);
        }

        raw = string.Empty;
        return false;
    }

    // The values written for a field as name: value or name=value, with where each lies, name included.
    private static IEnumerable<(int Start, int Length, string Raw)> Written(string name, string text)
    {
        var pattern = new Regex(
            $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(name)}""?\s*[:=]\s*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        for (Match match = pattern.Match(text); match.Success; match = match.NextMatch())
        {
            string raw = ReadValue(text, match.Index + match.Length);
            if (raw.Length > 0)
            {
                yield return (match.Index, match.Length + raw.Length, raw);
            }
        }
    }

    private static string ReadValue(string text, int start)
    {
        if (start >= text.Length)
        {
            return string.Empty;
        }

        char first = text[start];
        if (first is '"' or '\'')
        {
            for (int i = start + 1; i < text.Length; i++)
            {
                if (text[i] == '\\' && first == '"')
                {
                    i++;
                }
                else if (text[i] == first)
                {
                    return text[start..(i + 1)];
                }
            }

            return string.Empty;
        }

        if (first is '{' or '[')
        {
            return ReadBracketed(text, start);
        }

        var value = new StringBuilder();
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ',' or ';' or '\n' or '\r' or ')' or '}' or ']')
            {
                break;
            }

            if (char.IsWhiteSpace(c) && NextStartsNewField(text, i))
            {
                break;
            }

            // A sentence end closes the value; a dot inside a number or a name (2.5, v1.2) does not.
            if (c is '.' or '?' or '!' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                break;
            }

            value.Append(c);
        }

        return value.ToString().Trim().TrimEnd('.', '?', '!').TrimEnd();
    }

    private static bool NextStartsNewField(string text, int whitespaceIndex) =>
        NewFieldPattern().IsMatch(text.AsSpan(whitespaceIndex));

    private static string ReadBracketed(string text, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' && --depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return string.Empty;
    }

    [GeneratedRegex(@"^\s+(?:(?:and|or|then|to|for|with|from|in|at|by|using|so|but|please)\b|[\p{L}_][\p{L}\p{N}_.]*\s*[:=])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NewFieldPattern();
}

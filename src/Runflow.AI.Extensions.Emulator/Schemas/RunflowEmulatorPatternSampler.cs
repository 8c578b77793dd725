using System.Globalization;
using System.Text;
using Fare;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Writes a string for a schema's <c>pattern</c> with Fare's <see cref="Xeger"/>, seeded from the pattern and the
/// property so the same request gets the same string. The .NET forms Fare reads differently are translated first:
/// <c>^ $ \A \z \Z</c> are dropped, <c>\d \w \s \D \W \S .</c> become printable ASCII classes, <c>(?:</c> and named
/// groups become plain groups, lazy markers are dropped and every other literal is escaped.
/// </summary>
/// <remarks>
/// Fare builds a deterministic automaton: it grows with every copy a repetition writes out (<c>a{10000}</c> takes
/// seconds) and doubles with every character of length left open (<c>[ab]*a[ab]{14}</c> takes seconds too). So each
/// repetition gets at most one copy beyond its minimum, a pattern whose repetitions write out more than
/// <see cref="RunflowEmulatorSchemaBudget.MaxPatternCopies"/> copies is refused, and one whose length still varies by
/// more than <see cref="MaxSlack"/> characters is sampled at its smallest counts. The caller checks the sample with
/// .NET's regex; lookarounds, backreferences, inline options and class subtraction have no sample here.
/// </remarks>
internal static class RunflowEmulatorPatternSampler
{
    // Fare's automaton doubles with each character of length left open: 6 take 0.5 s on .{0,6}a.{990}, 12 take 2 s.
    private const int MaxSlack = 4;

    private const int MaxExtraCopies = 1;

    private const string Printable = "[ -~]";

    /// <summary>Writes a sample for <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The .NET pattern.</param>
    /// <param name="property">The property whose schema has the pattern, if any; it seeds the sample with the pattern.</param>
    /// <returns>The sample, or <see langword="null"/> when the pattern has no form Fare can sample.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The pattern's repetitions write out too many copies.</exception>
    public static string? Sample(string pattern, string? property)
    {
        int position = 0;
        var part = Alternatives(pattern, ref position);
        if (part is not { } p || position != pattern.Length)
        {
            return null;
        }

        string? fare = p.Max - p.Min <= MaxSlack ? p.Full : p.LeastMax - p.Min <= MaxSlack ? p.Least : null;
        if (fare is null)
        {
            return null;
        }

        try
        {
            return new Xeger(fare, new Random(Seed(property, pattern))).Generate();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // An empty language, such as a negated class of every printable character.
            return null;
        }
    }

    private static RunflowEmulatorPatternPart? Alternatives(string pattern, ref int position)
    {
        if (Sequence(pattern, ref position) is not { } result)
        {
            return null;
        }

        while (position < pattern.Length && pattern[position] == '|')
        {
            position++;
            if (Sequence(pattern, ref position) is not { } next)
            {
                return null;
            }

            result = Bounded(new($"{result.Full}|{next.Full}", $"{result.Least}|{next.Least}", result.Size + next.Size, result.Atoms + next.Atoms,
                Math.Min(result.Min, next.Min), Math.Max(result.Max, next.Max), Math.Max(result.LeastMax, next.LeastMax)));
        }

        return result;
    }

    private static RunflowEmulatorPatternPart? Sequence(string pattern, ref int position)
    {
        var result = new RunflowEmulatorPatternPart(string.Empty, string.Empty, 0, 0, 0, 0, 0);
        while (position < pattern.Length && pattern[position] is not ('|' or ')'))
        {
            if (Atom(pattern, ref position) is not { } atom || Repeat(pattern, ref position, atom) is not { } item)
            {
                return null;
            }

            result = Bounded(new(result.Full + item.Full, result.Least + item.Least, result.Size + item.Size, result.Atoms + item.Atoms,
                result.Min + item.Min, result.Max + item.Max, result.LeastMax + item.LeastMax));
        }

        // Fare reads an empty alternative as a syntax error; "()" is its empty string.
        return result.Full.Length == 0 ? result with { Full = "()", Least = "()" } : result;
    }

    private static RunflowEmulatorPatternPart? Repeat(string pattern, ref int position, RunflowEmulatorPatternPart atom)
    {
        if (position >= pattern.Length || pattern[position] is not ('*' or '+' or '?' or '{'))
        {
            return atom;
        }

        int least;
        int? most;
        char c = pattern[position++];
        if (c == '{')
        {
            int close = pattern.IndexOf('}', position);
            string[] bounds = close < 0 ? [] : pattern[position..close].Split(',');
            if (bounds.Length is not (1 or 2) || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out least))
            {
                return null;
            }

            most = bounds.Length == 1 ? least : bounds[1].Length == 0 ? null : int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m >= least ? m : -1;
            if (most == -1)
            {
                return null;
            }

            position = close + 1;
        }
        else
        {
            (least, most) = c switch { '*' => (0, (int?)null), '+' => (1, null), _ => (0, 1) };
        }

        if (position < pattern.Length && pattern[position] == '?')
        {
            position++;
        }

        if (position < pattern.Length && pattern[position] is '*' or '+' or '?' or '{')
        {
            return null;
        }

        long count = Math.Min(most ?? long.MaxValue, least + (long)MaxExtraCopies);
        string smallest = least == 0 ? "()" : string.Create(CultureInfo.InvariantCulture, $"({atom.Least}){{{least}}}");
        return Bounded(new(string.Create(CultureInfo.InvariantCulture, $"({atom.Full}){{{least},{count}}}"), smallest, atom.Size * count, atom.Atoms,
            atom.Min * least, atom.Max * count, atom.LeastMax * least));
    }

    // Checked at every step, so no size grows far past the bound before an enclosing repetition multiplies it.
    private static RunflowEmulatorPatternPart Bounded(RunflowEmulatorPatternPart part) => part.Size - part.Atoms <= RunflowEmulatorSchemaBudget.MaxPatternCopies
        ? part
        : throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"asks with a pattern whose repetitions write out more than the {RunflowEmulatorSchemaBudget.MaxPatternCopies} copies the emulator samples"));

    private static RunflowEmulatorPatternPart? Atom(string pattern, ref int position)
    {
        char c = pattern[position++];
        switch (c)
        {
            case '^' or '$':
                return new(string.Empty, string.Empty, 0, 0, 0, 0, 0);
            case '.':
                return Single(Printable);
            case '[':
                return Class(pattern, ref position);
            case '(':
                if (position < pattern.Length && pattern[position] == '?' && !GroupPrefix(pattern, ref position))
                {
                    return null;
                }

                if (Alternatives(pattern, ref position) is not { } inner || position >= pattern.Length || pattern[position] != ')')
                {
                    return null;
                }

                position++;
                return inner with { Full = $"({inner.Full})", Least = $"({inner.Least})" };
            case '\\' when position < pattern.Length && pattern[position] is 'A' or 'z' or 'Z':
                position++;
                return new(string.Empty, string.Empty, 0, 0, 0, 0, 0);
            case '\\' when position < pattern.Length:
                string? escape = pattern[position] switch
                {
                    'd' => "[0-9]",
                    'w' => "[0-9A-Z_a-z]",
                    's' => "\\ ",
                    'D' => $"([^0-9]&{Printable})",
                    'W' => $"([^0-9A-Z_a-z]&{Printable})",
                    'S' => "[!-~]",
                    _ => null,
                };
                position += escape is null ? 0 : 1;
                escape ??= Escaped(pattern, ref position);
                return escape is null ? null : Single(escape);
            case '*' or '+' or '?' or '{':
                return null;
            default:
                return Single(Literal(c));
        }
    }

    // Skips "?:" or a group's name; any other "(?" is a lookaround, an atomic group or an inline option.
    private static bool GroupPrefix(string pattern, ref int position)
    {
        if (position + 1 < pattern.Length && pattern[position + 1] == ':')
        {
            position += 2;
            return true;
        }

        if (position + 1 >= pattern.Length || pattern[position + 1] is not ('<' or '\''))
        {
            return false;
        }

        char close = pattern[position + 1] == '<' ? '>' : '\'';
        int end = position + 2;
        while (end < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[end]) || pattern[end] == '_'))
        {
            end++;
        }

        if (end == position + 2 || end >= pattern.Length || pattern[end] != close)
        {
            return false;
        }

        position = end + 1;
        return true;
    }

    private static RunflowEmulatorPatternPart? Class(string pattern, ref int position)
    {
        bool negated = position < pattern.Length && pattern[position] == '^';
        position += negated ? 1 : 0;
        var body = new StringBuilder();
        bool rangeable = false;
        for (int start = position; position < pattern.Length && (pattern[position] != ']' || position == start); )
        {
            char c = pattern[position++];
            bool shorthand = c == '\\' && position < pattern.Length && pattern[position] is 'd' or 'w' or 's';
            string? item = c switch
            {
                '[' or ']' => null,
                _ when shorthand => pattern[position++] switch { 'd' => "0-9", 'w' => "0-9A-Z_a-z", _ => "\\ " },
                '\\' when position < pattern.Length => Escaped(pattern, ref position),
                '\\' => null,
                '-' when position < pattern.Length && pattern[position] == ']' || body.Length == 0 => "\\-",
                '-' when rangeable => "-",
                '-' => null,
                _ => Literal(c),
            };
            if (item is null)
            {
                return null;
            }

            // Only a single character starts a range; not a shorthand, nor the end of another range.
            rangeable = !shorthand && item != "-" && (body.Length == 0 || body[^1] != '-' || body.Length > 1 && body[^2] == '\\');
            body.Append(item);
        }

        if (position >= pattern.Length || body.Length == 0)
        {
            return null;
        }

        position++;
        return Single(negated ? $"([^{body}]&{Printable})" : $"[{body}]");
    }

    // One character after a backslash, as Fare text: a control escape, a code, or an escaped symbol.
    private static string? Escaped(string pattern, ref int position)
    {
        char c = pattern[position++];
        int digits = c switch { 'u' => 4, 'x' => 2, _ => 0 };
        if (digits > 0)
        {
            if (position + digits > pattern.Length || !int.TryParse(pattern.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                return null;
            }

            position += digits;
            return Literal((char)code);
        }

        return c switch
        {
            'n' => Literal('\n'),
            't' => Literal('\t'),
            'r' => Literal('\r'),
            'f' => Literal('\f'),
            'v' => Literal('\v'),
            'e' => Literal('\u001b'),
            _ when char.IsAsciiLetterOrDigit(c) => null,
            _ => Literal(c),
        };
    }

    private static string Literal(char c) => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"\\{c}";

    private static RunflowEmulatorPatternPart Single(string fare) => new(fare, fare, 1, 1, 1, 1, 1);

    // FNV-1a: string.GetHashCode differs from one process to the next.
    private static int Seed(string? property, string pattern)
    {
        uint hash = 2166136261;
        foreach (char c in $"{property}\0{pattern}")
        {
            hash = (hash ^ c) * 16777619;
        }

        return unchecked((int)hash);
    }
}

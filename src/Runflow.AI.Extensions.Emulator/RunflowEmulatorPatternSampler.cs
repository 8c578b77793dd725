using System.Globalization;
using System.Text;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Writes a short string that a simple regular expression matches: literals, escapes (<c>\d \w \s</c> and escaped
/// symbols), character classes with ranges, groups with alternatives, and the quantifiers <c>? * + {n} {n,} {n,m}</c>.
/// Each part takes its first choice and its smallest count (at least one for <c>+</c>).
/// </summary>
/// <remarks>Callers check the result with a real regex: a pattern beyond this subset simply yields a non-match.</remarks>
internal static class RunflowEmulatorPatternSampler
{
    /// <summary>Writes a sample for <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="maxLength">The longest sample to write; <c>a{2000000000}</c> would otherwise take gigabytes.</param>
    /// <returns>The sample, or <see langword="null"/> when the pattern uses something outside the subset.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The sample, or a part of it, would be longer than <paramref name="maxLength"/>.</exception>
    public static string? Sample(string pattern, int maxLength)
    {
        int position = 0;
        var output = new StringBuilder();
        return TryAlternatives(pattern, ref position, output, maxLength) && position == pattern.Length ? output.ToString() : null;
    }

    private static bool TryAlternatives(string pattern, ref int position, StringBuilder output, int maxLength)
    {
        int start = output.Length;
        if (!TrySequence(pattern, ref position, output, maxLength))
        {
            return false;
        }

        // Only the first alternative is written; the others are skipped over.
        while (position < pattern.Length && pattern[position] == '|')
        {
            position++;
            var ignored = new StringBuilder();
            if (!TrySequence(pattern, ref position, ignored, maxLength))
            {
                return false;
            }
        }

        return output.Length >= start;
    }

    private static bool TrySequence(string pattern, ref int position, StringBuilder output, int maxLength)
    {
        while (position < pattern.Length && pattern[position] is not ('|' or ')'))
        {
            char c = pattern[position];
            if (c is '^' or '$')
            {
                position++;
                continue;
            }

            var atom = new StringBuilder();
            if (!TryAtom(pattern, ref position, atom, maxLength) || !TryQuantifier(pattern, ref position, out int count))
            {
                return false;
            }

            if (output.Length + ((long)atom.Length * Math.Max(0, count)) > maxLength)
            {
                throw new RunflowEmulatorSchemaLimitException(string.Create(CultureInfo.InvariantCulture, $"asks with a pattern for a string longer than the {maxLength} characters the emulator generates"));
            }

            for (int i = 0; i < count && atom.Length > 0; i++)
            {
                output.Append(atom);
            }
        }

        return true;
    }

    private static bool TryAtom(string pattern, ref int position, StringBuilder atom, int maxLength)
    {
        char c = pattern[position];
        switch (c)
        {
            case '(':
                position++;
                if (position + 1 < pattern.Length && pattern[position] == '?' && pattern[position + 1] == ':')
                {
                    position += 2;
                }

                if (!TryAlternatives(pattern, ref position, atom, maxLength) || position >= pattern.Length || pattern[position] != ')')
                {
                    return false;
                }

                position++;
                return true;
            case '[':
                return TryClass(pattern, ref position, atom);
            case '\\':
                if (position + 1 >= pattern.Length)
                {
                    return false;
                }

                atom.Append(Escape(pattern[position + 1]));
                position += 2;
                return true;
            case '.':
                atom.Append('a');
                position++;
                return true;
            case '*' or '+' or '?' or '{':
                return false;
            default:
                atom.Append(c);
                position++;
                return true;
        }
    }

    private static bool TryClass(string pattern, ref int position, StringBuilder atom)
    {
        int end = pattern.IndexOf(']', position + 2);
        if (end < 0)
        {
            return false;
        }

        string body = pattern[(position + 1)..end];
        position = end + 1;
        if (body.StartsWith('^'))
        {
            // A negated class: the first of a few ordinary characters it does not exclude.
            string excluded = body[1..];
            char pick = "aA0x_".FirstOrDefault(ch => !excluded.Contains(ch, StringComparison.Ordinal));
            atom.Append(pick == default ? 'z' : pick);
            return true;
        }

        atom.Append(body[0] == '\\' && body.Length > 1 ? Escape(body[1]) : body[0]);
        return true;
    }

    private static bool TryQuantifier(string pattern, ref int position, out int count)
    {
        count = 1;
        if (position >= pattern.Length)
        {
            return true;
        }

        switch (pattern[position])
        {
            case '?' or '*':
                count = 0;
                position++;
                break;
            case '+':
                position++;
                break;
            case '{':
                int close = pattern.IndexOf('}', position);
                if (close < 0)
                {
                    return false;
                }

                string[] bounds = pattern[(position + 1)..close].Split(',');
                if (!int.TryParse(bounds[0], out count))
                {
                    return false;
                }

                position = close + 1;
                break;
            default:
                return true;
        }

        // A lazy or possessive marker after a quantifier changes nothing for the smallest count.
        if (position < pattern.Length && pattern[position] is '?' or '+')
        {
            position++;
        }

        return true;
    }

    private static char Escape(char c) => c switch
    {
        'd' => '0',
        'w' => 'a',
        's' => ' ',
        'D' or 'W' or 'S' => '-',
        'n' => '\n',
        't' => '\t',
        _ => c,
    };
}

using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The words the model compares when it decides what a message is about: lower-cased, with plural, <c>-ing</c> and
/// <c>-ed</c> endings cut, and without the stop words that every question shares.
/// </summary>
internal static partial class RunflowEmulatorWords
{
    // What a message is about shows in its beginning; a message of a million words is not read to its end.
    private const int MaxMessageCharacters = 64 * 1024;

    // Words that say nothing about what is asked: articles, pronouns, question words, fillers.
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but",
        "by", "can", "could", "did", "do", "does", "for", "from", "give", "had", "has", "have", "he", "her", "here", "him",
        "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "know", "let", "like", "me", "much", "my", "need",
        "no", "not", "now", "of", "on", "or", "our", "please", "right", "she", "should", "show", "so", "some", "tell", "than",
        "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "today", "up", "us", "use",
        "using", "want", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will",
        "with", "would", "you", "your", "call", "run", "find", "get", "look", "see",
    };

    // Words a tool name shares with most others, so they say nothing about which tool is meant.
    private static readonly HashSet<string> s_genericNameWords = new(StringComparer.Ordinal)
    {
        "async", "current", "fetch", "func", "function", "helper", "list", "lookup", "method", "query", "read", "retrieve",
        "set", "tool",
    };

    /// <summary>Gets a value indicating whether <paramref name="word"/>, lower-cased, is a stop word.</summary>
    /// <param name="word">The word.</param>
    /// <returns><see langword="true"/> for a stop word.</returns>
    public static bool IsStopWord(string word) => s_stopWords.Contains(word.ToLowerInvariant());

    /// <summary>The words of a message that can say what it is about. A written identifier (<c>get_weather</c>,
    /// <c>GetWeather</c>) is not split: it names a tool only literally, so <c>my_get_weather_helper</c> is no weather question. Only the first 64 KB are read.</summary>
    /// <param name="text">The message.</param>
    /// <returns>The stems, each with the index where its word starts.</returns>
    public static List<(string Stem, int Index)> OfMessage(string text)
    {
        var words = new List<(string, int)>();
        foreach (ValueMatch match in WordPattern().EnumerateMatches(text.AsSpan(0, Math.Min(text.Length, MaxMessageCharacters))))
        {
            ReadOnlySpan<char> word = text.AsSpan(match.Index, match.Length);
            if (word.Length < 2 || word.Contains('_') || IsIdentifier(word) || IsDigits(word))
            {
                continue;
            }

            string lower = word.ToString().ToLowerInvariant();
            if (!s_stopWords.Contains(lower))
            {
                words.Add((Stem(lower), match.Index));
            }
        }

        return words;
    }

    /// <summary>The words of a tool's name, split at underscores, hyphens, dots, digits and case changes.</summary>
    /// <param name="name">The tool name.</param>
    /// <returns>The stems, without stop words and words most tool names share.</returns>
    public static HashSet<string> OfName(string name) =>
        Split(name).Where(w => !s_genericNameWords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The words of a description.</summary>
    /// <param name="description">The description, or <see langword="null"/>.</param>
    /// <returns>The stems, without stop words.</returns>
    public static HashSet<string> OfDescription(string? description) =>
        description is null ? [] : Split(description).ToHashSet(StringComparer.Ordinal);

    /// <summary>Splits an identifier or a phrase into lower-cased stems: <c>GetLocalTime</c> and <c>get-local-time</c>
    /// both give <c>local</c>, <c>time</c>.</summary>
    /// <param name="text">The identifier or phrase.</param>
    /// <returns>The stems, stop words left out.</returns>
    public static IEnumerable<string> Split(string text) =>
        PartPattern().Matches(text)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length > 1 && !s_stopWords.Contains(w))
            .Select(Stem);

    /// <summary>The lower-cased parts of an identifier, stop words kept: <c>from</c> gives <c>from</c>,
    /// <c>homeTown</c> gives <c>home</c>, <c>town</c>.</summary>
    /// <param name="name">The identifier.</param>
    /// <returns>The stems.</returns>
    public static IEnumerable<string> Parts(string name) =>
        PartPattern().Matches(name).Select(m => Stem(m.Value.ToLowerInvariant()));

    /// <summary>Cuts the endings that vary between the forms of one word (<c>flights</c>, <c>cities</c>, <c>booking</c>,
    /// <c>booked</c>), the same way on both sides of a comparison.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The stem.</returns>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 4 && (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) ||
            word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("zes", StringComparison.Ordinal)))
        {
            return word[..^2];
        }

        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return Undouble(word[..^3]);
        }

        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
        {
            return Undouble(word[..^2]);
        }

        if (word.Length > 3 && word[^1] == 's' && word[^2] is not 's' and not 'u' and not 'i')
        {
            return word[..^1];
        }

        return word;
    }

    // "running" → "runn" → "run"; "called" → "call" keeps its double l only when the word had it before the ending.
    private static string Undouble(string stem) =>
        stem.Length > 2 && stem[^1] == stem[^2] && stem[^1] is not 'l' and not 's' and not 'e' and not 'o' ? stem[..^1] : stem;

    /// <summary>Gets a value indicating whether <paramref name="word"/> is written as an identifier (<c>getWeather</c>,
    /// <c>GetWeather</c>): a lower-case letter followed by a capital.</summary>
    /// <param name="word">The word.</param>
    /// <returns><see langword="true"/> for an identifier.</returns>
    public static bool IsIdentifier(ReadOnlySpan<char> word)
    {
        for (int i = 1; i < word.Length; i++)
        {
            if (char.IsLower(word[i - 1]) && char.IsUpper(word[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"[\p{L}\p{N}_]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    // The parts of an identifier: a capitalised or lower-case run, an all-capitals run (not eating the next word's
    // capital, as in HTTPServer), or digits.
    [GeneratedRegex(@"\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}

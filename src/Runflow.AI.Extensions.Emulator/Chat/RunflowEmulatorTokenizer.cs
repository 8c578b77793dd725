using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The emulator's one tokenizer: a token is a run of letters, digits and underscores, or any other single
/// non-space character (a surrogate pair counts as one). Crude, but stable, so usage numbers can be predicted in tests.
/// </summary>
internal static partial class RunflowEmulatorTokenizer
{
    /// <summary>Counts the tokens of <paramref name="text"/>.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>The token count; 0 for null or blank text.</returns>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : TokenPattern().Count(text);

    /// <summary>Cuts <paramref name="text"/> after its <paramref name="maxTokens"/>-th token.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxTokens">The number of tokens to keep, at least 1.</param>
    /// <param name="cut">The kept text.</param>
    /// <returns><see langword="true"/> when the text had more tokens and was cut.</returns>
    public static bool TryTruncate(string text, int maxTokens, out string cut)
    {
        int seen = 0;
        foreach (ValueMatch match in TokenPattern().EnumerateMatches(text))
        {
            if (seen == maxTokens)
            {
                cut = text[..match.Index].TrimEnd();
                return true;
            }

            seen++;
        }

        cut = text;
        return false;
    }

    /// <summary>Finds the words of <paramref name="text"/>: its runs of letters, digits and underscores.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The matches, in order, without allocating.</returns>
    public static Regex.ValueMatchEnumerator EnumerateWords(string text) => WordPattern().EnumerateMatches(text);

    // A surrogate pair is one token, so a cut never splits a character.
    [GeneratedRegex(@"[\p{L}\p{N}_]+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\s\p{L}\p{N}_]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"[\p{L}\p{N}_]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}

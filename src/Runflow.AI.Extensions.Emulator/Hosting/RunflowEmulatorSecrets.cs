namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Which parts of a request can carry a credential, so the emulator neither records nor logs them: clients send keys
/// in many places (Azure's <c>api-key</c>, proxies' <c>Proxy-Authorization</c>, <c>?api_key=</c> in the URL), not only
/// where the emulator looks for one.
/// </summary>
internal static class RunflowEmulatorSecrets
{
    private static readonly HashSet<string> s_headers = new(StringComparer.OrdinalIgnoreCase)
    {
        "api-key", "x-api-key", "authorization", "proxy-authorization", "x-runflow-api-key",
    };

    private static readonly HashSet<string> s_queryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "api_key", "apikey", "api-key", "key", "x-api-key",
    };

    /// <summary>Tells whether the header <paramref name="name"/> carries a credential.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns><see langword="true"/> when its value must be redacted.</returns>
    public static bool IsSecretHeader(string name) => s_headers.Contains(name);

    /// <summary>Tells whether a JSON body field named <paramref name="name"/> carries a credential (<c>apiKey</c>,
    /// <c>api_key</c>, <c>key</c>, …): the names a query string can carry one under.</summary>
    /// <param name="name">The field name, in any case.</param>
    /// <returns><see langword="true"/> when its value must be redacted.</returns>
    public static bool IsSecretField(string name) => s_queryNames.Contains(name);

    /// <summary>Replaces every occurrence of a known credential in <paramref name="text"/> by <see cref="RunflowEmulatorRequest.RedactedValue"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="secret">The credential, if any.</param>
    /// <returns>The text without the credential.</returns>
    public static string Mask(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, RunflowEmulatorRequest.RedactedValue, StringComparison.Ordinal);

    /// <summary>Replaces the values of credential parameters in a query string by <see cref="RunflowEmulatorRequest.RedactedValue"/>.</summary>
    /// <param name="query">The query string with its leading <c>?</c>, or empty or <see langword="null"/>.</param>
    /// <returns>The query string, safe to log; empty when there was none.</returns>
    public static string RedactQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        string[] parts = query.TrimStart('?').Split('&');
        for (int i = 0; i < parts.Length; i++)
        {
            int equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? parts[i] : parts[i][..equals];
            if (equals >= 0 && s_queryNames.Contains(Unescape(name)))
            {
                parts[i] = name + "=" + RunflowEmulatorRequest.RedactedValue;
            }
        }

        return "?" + string.Join('&', parts);
    }

    // A name written as api%5Fkey is still api_key to the server that reads it.
    private static string Unescape(string name)
    {
        try
        {
            return Uri.UnescapeDataString(name.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return name;
        }
    }
}

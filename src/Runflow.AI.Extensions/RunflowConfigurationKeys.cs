using Microsoft.Extensions.Configuration;

namespace Runflow.AI.Extensions;

/// <summary>
/// Checks a configuration section's keys against the option names. The binder skips a key it does not know, so a
/// misspelled <c>ApiKye</c> would otherwise surface later as a missing <c>ApiKey</c>, or not at all for an optional one.
/// </summary>
/// <remarks>
/// <c>BinderOptions.ErrorOnUnknownConfiguration</c> reports only bare property names in its message, without the
/// section's path or the option that was probably meant, so the keys are compared here instead.
/// </remarks>
internal static class RunflowConfigurationKeys
{
    /// <summary>The most edits (insertion, deletion, substitution, swap of neighbours) a key may be from an option
    /// for that option to be suggested; beyond two, a suggestion is more often wrong than helpful.</summary>
    private const int MaxSuggestionDistance = 2;

    /// <summary>The settable properties of <see cref="RunflowClientOptions"/>, listed rather than reflected so trimming
    /// cannot lose them; a test keeps the list complete. None is a nested section, so every key is a leaf.</summary>
    internal static readonly string[] OptionNames =
    [
        nameof(RunflowClientOptions.Endpoint),
        nameof(RunflowClientOptions.ApiKey),
        nameof(RunflowClientOptions.TenantId),
        nameof(RunflowClientOptions.ProjectId),
        nameof(RunflowClientOptions.Provider),
        nameof(RunflowClientOptions.ProviderName),
        nameof(RunflowClientOptions.DefaultModelId),
        nameof(RunflowClientOptions.Legacy),
        nameof(RunflowClientOptions.ChatPath),
        nameof(RunflowClientOptions.StreamPath),
        nameof(RunflowClientOptions.EmbeddingsPath),
        nameof(RunflowClientOptions.DiscoverPath),
        nameof(RunflowClientOptions.DefaultEmbeddingModelId),
        nameof(RunflowClientOptions.EmbeddingProvider),
        nameof(RunflowClientOptions.EmbeddingDimensions),
        nameof(RunflowClientOptions.MaxEmbeddingBatchSize),
        nameof(RunflowClientOptions.FilesPath),
        nameof(RunflowClientOptions.ImagesPath),
        nameof(RunflowClientOptions.MemoryPath),
        nameof(RunflowClientOptions.DefaultImageModelId),
        nameof(RunflowClientOptions.ImageProvider),
        nameof(RunflowClientOptions.NetworkTimeout),
        nameof(RunflowClientOptions.StreamIdleTimeout),
        nameof(RunflowClientOptions.MaxResponseBodySize),
        nameof(RunflowClientOptions.MaxStreamEventSize),
        nameof(RunflowClientOptions.AllowUnencryptedHttp),
    ];

    /// <summary>Throws when <paramref name="configuration"/> has a key that is not an option, naming every such key.</summary>
    /// <exception cref="InvalidOperationException">A key is not an option; the message names its full path and, when one
    /// is close, the option it probably meant.</exception>
    public static void ThrowIfUnknown(IConfiguration configuration)
    {
        List<string>? problems = null;
        foreach (var child in configuration.GetChildren())
        {
            // Binding ignores case, so Projectid is ProjectId.
            if (Array.Exists(OptionNames, name => string.Equals(name, child.Key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var problem = $"{child.Path} is not a Runflow option";
            if (Closest(child.Key) is { } meant)
            {
                // The child's path minus its key is the section's prefix: "Runflow:", or nothing at the root.
                problem += $"; did you mean {child.Path[..^child.Key.Length]}{meant}?";
            }
            else
            {
                problem += ".";
            }

            (problems ??= []).Add(problem);
        }

        if (problems is not null)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }

    private static string? Closest(string key)
    {
        string? closest = null;
        var best = MaxSuggestionDistance + 1;
        foreach (var name in OptionNames)
        {
            var distance = Distance(key.ToUpperInvariant(), name.ToUpperInvariant());
            if (distance < best)
            {
                (closest, best) = (name, distance);
            }
        }

        return closest;
    }

    /// <summary>The optimal-string-alignment distance: Levenshtein's, with a swap of two neighbours counting as one
    /// edit, since <c>ApiKye</c> is one slip, not two.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

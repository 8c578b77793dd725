using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions;

/// <summary>
/// Typed per-call Runflow settings, written into <see cref="ChatOptions.AdditionalProperties"/> under the request
/// field they set (<c>projectId</c>, <c>provider</c>, <c>providerName</c>, <c>legacy</c>, <c>thinking</c>, <c>serverTools</c>).
/// </summary>
/// <remarks>
/// Any other key in <see cref="ChatOptions.AdditionalProperties"/> is sent as a top-level request field of its own,
/// which is how Semantic Kernel's execution settings reach Runflow.
/// </remarks>
public static class RunflowChatOptionsExtensions
{
    internal const string ProjectIdKey = "projectId";
    internal const string ProviderKey = "provider";
    internal const string ProviderNameKey = "providerName";
    internal const string LegacyKey = "legacy";
    internal const string ThinkingKey = "thinking";
    internal const string ServerToolsKey = "serverTools";
    internal const string ToolChoiceKey = "toolChoice";

    /// <summary>Sends this call to another Runflow project than the client's <see cref="RunflowClientOptions.ProjectId"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="projectId">The project id.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ChatOptions WithRunflowProjectId(this ChatOptions options, string projectId) =>
        Set(options, ProjectIdKey, Throw.IfNullOrWhiteSpace(projectId));

    /// <summary>Sends this call to another provider (<c>openai</c>, <c>anthropic</c>, <c>bedrock</c>, <c>groq</c>,
    /// <c>gemini</c>, <c>xai</c>, <c>custom</c>) than the client's <see cref="RunflowClientOptions.Provider"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="provider">The provider.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ChatOptions WithRunflowProvider(this ChatOptions options, string provider) =>
        Set(options, ProviderKey, Throw.IfNullOrWhiteSpace(provider));

    /// <summary>Selects which of the tenant's provider configurations ("OpenAI Production") serves this call.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="providerName">The configuration's name in the Runflow portal.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ChatOptions WithRunflowProviderName(this ChatOptions options, string providerName) =>
        Set(options, ProviderNameKey, Throw.IfNullOrWhiteSpace(providerName));

    /// <summary>Asks Runflow to use the provider's legacy Chat Completions API for this call.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="legacy">Whether to use the legacy API.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ChatOptions WithRunflowLegacy(this ChatOptions options, bool legacy = true) =>
        Set(options, LegacyKey, legacy);

    /// <summary>Turns on extended thinking with an exact token budget, overriding <see cref="ChatOptions.Reasoning"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="budgetTokens">The thinking budget in tokens; 0 turns thinking off.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="budgetTokens"/> is negative.</exception>
    public static ChatOptions WithRunflowThinking(this ChatOptions options, int budgetTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetTokens);
        return Set(options, ThinkingKey, budgetTokens);
    }

    /// <summary>Offers provider-side tools by their type names (for example <c>web_search_20250305</c>), replacing any
    /// that hosted tools in <see cref="ChatOptions.Tools"/> would add.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="types">The server tool types.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static ChatOptions WithRunflowServerTools(this ChatOptions options, params string[] types)
    {
        Throw.IfNull(types);
        foreach (var type in types)
        {
            Throw.IfNullOrWhiteSpace(type, nameof(types));
        }

        return Set(options, ServerToolsKey, (string[])types.Clone());
    }

    private static ChatOptions Set(ChatOptions options, string key, object value)
    {
        Throw.IfNull(options);
        (options.AdditionalProperties ??= [])[key] = value;
        return options;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Reads a <see cref="RunflowUsage"/> token by token, with wire names matched regardless of letter case and each count
/// read leniently (<see cref="RunflowLenientCountConverter"/>); a field named twice keeps its last value.
/// </summary>
/// <remarks>It earns its place in the benchmarks: read as a value, the usage object no longer makes the serializer
/// allocate its stack of nested frames for every response, which is most of what a text answer's parse allocates.</remarks>
internal sealed class RunflowUsageConverter : JsonConverter<RunflowUsage>
{
    private static readonly (byte[] Name, Action<RunflowUsage, long?> Set)[] Counts =
    [
        ("promptTokens"u8.ToArray(), static (usage, count) => usage.PromptTokens = count),
        ("completionTokens"u8.ToArray(), static (usage, count) => usage.CompletionTokens = count),
        ("totalTokens"u8.ToArray(), static (usage, count) => usage.TotalTokens = count),
        ("prompt_tokens"u8.ToArray(), static (usage, count) => usage.PromptTokensSnakeCase = count),
        ("completion_tokens"u8.ToArray(), static (usage, count) => usage.CompletionTokensSnakeCase = count),
        ("total_tokens"u8.ToArray(), static (usage, count) => usage.TotalTokensSnakeCase = count),
        ("cachedTokens"u8.ToArray(), static (usage, count) => usage.CachedTokens = count),
        ("cached_tokens"u8.ToArray(), static (usage, count) => usage.CachedTokensSnakeCase = count),
        ("cacheReadInputTokens"u8.ToArray(), static (usage, count) => usage.CacheReadInputTokens = count),
        ("cache_read_input_tokens"u8.ToArray(), static (usage, count) => usage.CacheReadInputTokensSnakeCase = count),
        ("reasoningTokens"u8.ToArray(), static (usage, count) => usage.ReasoningTokens = count),
        ("reasoning_tokens"u8.ToArray(), static (usage, count) => usage.ReasoningTokensSnakeCase = count),
    ];

    public override RunflowUsage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected usage to be an object, not {reader.TokenType}.");
        }

        var usage = new RunflowUsage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var set = Find(ref reader);
            var name = set is null ? reader.GetString()! : null;
            reader.Read();
            if (set is not null)
            {
                set(usage, RunflowLenientCountConverter.Read(ref reader));
            }
            else
            {
                (usage.AdditionalProperties ??= [])[name!] = JsonElement.ParseValue(ref reader);
            }
        }

        return usage;
    }

    public override void Write(Utf8JsonWriter writer, RunflowUsage value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Usage is only read.");

    private static Action<RunflowUsage, long?>? Find(ref Utf8JsonReader reader)
    {
        // Names are compared as UTF-8, without making a string of them; an escaped name is unescaped first.
        var name = reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        foreach (var (candidate, set) in Counts)
        {
            if (Ascii.EqualsIgnoreCase(name, candidate))
            {
                return set;
            }
        }

        return null;
    }
}

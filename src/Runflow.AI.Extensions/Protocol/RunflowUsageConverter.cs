using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Reads a <see cref="RunflowUsage"/> token by token. Wire names match regardless of letter case and each count is read
/// leniently (<see cref="RunflowLenientCountConverter"/>); a name given twice keeps its last value, and where a count
/// has several spellings the first in <see cref="Spellings"/> that holds a count wins, whatever their order on the wire.
/// </summary>
/// <remarks>It earns its place in the benchmarks: read as a value, the usage object no longer makes the serializer
/// allocate its stack of nested frames for every response, which was most of what a text answer's parse allocated.</remarks>
internal sealed class RunflowUsageConverter : JsonConverter<RunflowUsage>
{
    private const int Prompt = 0;
    private const int Completion = 1;
    private const int Total = 2;
    private const int Cached = 3;
    private const int Reasoning = 4;

    /// <summary>Every spelling of every count, the preferred spelling of each count first.</summary>
    private static readonly (byte[] Name, int Count)[] Spellings =
    [
        ("promptTokens"u8.ToArray(), Prompt),
        ("prompt_tokens"u8.ToArray(), Prompt),
        ("completionTokens"u8.ToArray(), Completion),
        ("completion_tokens"u8.ToArray(), Completion),
        ("totalTokens"u8.ToArray(), Total),
        ("total_tokens"u8.ToArray(), Total),
        ("cachedTokens"u8.ToArray(), Cached),
        ("cached_tokens"u8.ToArray(), Cached),
        ("cacheReadInputTokens"u8.ToArray(), Cached),
        ("cache_read_input_tokens"u8.ToArray(), Cached),
        ("reasoningTokens"u8.ToArray(), Reasoning),
        ("reasoning_tokens"u8.ToArray(), Reasoning),
    ];

    public override RunflowUsage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected usage to be an object, not {reader.TokenType}.");
        }

        var usage = new RunflowUsage();
        Span<long?> read = stackalloc long?[Spellings.Length];
        read.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var spelling = Find(ref reader);
            var name = spelling < 0 ? reader.GetString()! : null;
            reader.Read();
            if (spelling >= 0)
            {
                read[spelling] = RunflowLenientCountConverter.Read(ref reader);
            }
            else
            {
                (usage.AdditionalProperties ??= [])[name!] = JsonElement.ParseValue(ref reader);
            }
        }

        Span<long?> counts = stackalloc long?[Reasoning + 1];
        counts.Clear();
        for (var i = 0; i < Spellings.Length; i++)
        {
            ref var count = ref counts[Spellings[i].Count];
            count ??= read[i];
        }

        usage.PromptTokens = counts[Prompt];
        usage.CompletionTokens = counts[Completion];
        usage.TotalTokens = counts[Total];
        usage.CachedTokens = counts[Cached];
        usage.ReasoningTokens = counts[Reasoning];
        return usage;
    }

    public override void Write(Utf8JsonWriter writer, RunflowUsage value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Usage is only read.");

    /// <summary>The index in <see cref="Spellings"/> of the property name at the reader, or -1.</summary>
    private static int Find(ref Utf8JsonReader reader)
    {
        // Names are compared as UTF-8 without making a string of them; an escaped name is unescaped first.
        var name = reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        for (var i = 0; i < Spellings.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(name, Spellings[i].Name))
            {
                return i;
            }
        }

        return -1;
    }
}

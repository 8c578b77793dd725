using System.Text;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The stub's replies, encoded once: the same 200-character text in every shape the two wire formats use.</summary>
internal static class CannedReplies
{
    /// <summary>The reply text every row must get back; ASCII with nothing to escape, so it splits into equal chunks.</summary>
    public const string Text =
        "Lisbon today: sunny spells and a light breeze from the northwest, with a high of 21 C and a low of 14 C. "
        + "Humidity stays near 60 percent and no rain is expected before evening, so a light coat will do.";

    /// <summary>How many pieces a streamed reply arrives in.</summary>
    public const int ChunkCount = 40;

    /// <summary>The model named in every request and reply.</summary>
    public const string Model = "gpt-4o";

    private const string Usage = """{"promptTokens":57,"completionTokens":48,"totalTokens":105}""";
    private const string OpenAIUsage = """{"prompt_tokens":57,"completion_tokens":48,"total_tokens":105}""";
    private const string ToolArguments = """{\"city\":\"Lisbon\"}""";

    /// <summary>Gets Runflow's chat-completion reply carrying <see cref="Text"/>.</summary>
    public static byte[] RunflowText { get; } = Utf8(
        $$"""{"text":"{{Text}}","finishReason":"stop","usage":{{Usage}},"model":"{{Model}}"}""");

    /// <summary>Gets Runflow's chat-completion reply asking for <c>get_weather</c>.</summary>
    public static byte[] RunflowToolCall { get; } = Utf8(
        $$$"""{"finishReason":"tool_calls","toolCalls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{{{ToolArguments}}}"}}],"usage":{{{Usage}}},"model":"{{{Model}}}"}""");

    /// <summary>Gets Runflow's streamed reply: <see cref="Text"/> as raw UTF-8 in <see cref="ChunkCount"/> pieces.</summary>
    public static byte[][] RunflowStreamChunks { get; } = [.. Pieces().Select(Utf8)];

    /// <summary>Gets OpenAI's <c>chat.completion</c> carrying <see cref="Text"/>.</summary>
    public static byte[] OpenAIText { get; } = Utf8(
        $$"""{"id":"chatcmpl-bench","object":"chat.completion","created":1767225600,"model":"{{Model}}","choices":[{"index":0,"message":{"role":"assistant","content":"{{Text}}","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{{OpenAIUsage}},"system_fingerprint":"fp_bench"}""");

    /// <summary>Gets OpenAI's <c>chat.completion</c> asking for <c>get_weather</c>.</summary>
    public static byte[] OpenAIToolCall { get; } = Utf8(
        $$$"""{"id":"chatcmpl-bench","object":"chat.completion","created":1767225600,"model":"{{{Model}}}","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{{{ToolArguments}}}"}}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{{{OpenAIUsage}}},"system_fingerprint":"fp_bench"}""");

    /// <summary>Gets OpenAI's streamed reply: <see cref="ChunkCount"/> <c>chat.completion.chunk</c> events (the last with the
    /// finish reason and usage), then <c>data: [DONE]</c>.</summary>
    public static byte[][] OpenAIStreamEvents { get; } = [.. Pieces().Select(OpenAIChunk), Utf8("data: [DONE]\n\n")];

    private static IEnumerable<string> Pieces()
    {
        var size = Text.Length / ChunkCount;
        for (var i = 0; i < ChunkCount; i++)
        {
            yield return Text.Substring(i * size, i == ChunkCount - 1 ? Text.Length - (i * size) : size);
        }
    }

    private static byte[] OpenAIChunk(string piece, int index)
    {
        var role = index == 0 ? "\"role\":\"assistant\"," : string.Empty;
        var last = index == ChunkCount - 1;
        var finish = last ? "\"stop\"" : "null";
        var usage = last ? ",\"usage\":" + OpenAIUsage : string.Empty;
        return Utf8(
            $$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"{{Model}}","choices":[{"index":0,"delta":{{{role}}"content":"{{piece}}"},"logprobs":null,"finish_reason":{{finish}}}]{{usage}}}""" + "\n\n");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The number of dimensions of every canned embedding.</summary>
    public const int EmbeddingDimensions = 256;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> EmbeddingBodies = new();

    /// <summary>An OpenAI-shaped embeddings reply with <paramref name="count"/> vectors, built once per count.</summary>
    public static byte[] Embeddings(int count) => EmbeddingBodies.GetOrAdd(count, static n =>
    {
        var json = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (var i = 0; i < n; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("{\"object\":\"embedding\",\"index\":").Append(i).Append(",\"embedding\":[");
            for (var d = 0; d < EmbeddingDimensions; d++)
            {
                json.Append(d == 0 ? string.Empty : ",").Append(((((i * 31) + d) % 97) / 97.0 - 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }

            json.Append("]}");
        }

        json.Append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":").Append(n * 8).Append(",\"total_tokens\":").Append(n * 8).Append("}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    });
}

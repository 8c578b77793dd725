using System.Buffers;
using System.Text.Json;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Writes the emulator's JSON bodies: the chat-completion, embeddings, file-upload and image-generation answers and the
/// <c>{ "success": false, "error" }</c> error.
/// </summary>
internal static class RunflowEmulatorResponseWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = RunflowEmulatorModel.JsonOptions.Encoder };

    /// <summary>Writes a chat-completion body: text, finishReason, usage (with cachedTokens and reasoningTokens when
    /// scripted), model, then toolCalls and thinking when present.</summary>
    /// <param name="answer">The answer.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteAnswer(RunflowEmulatorAnswer answer)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("text", answer.Text);
            writer.WriteString("finishReason", answer.FinishReason);
            writer.WriteStartObject("usage");
            writer.WriteNumber("promptTokens", answer.PromptTokens);
            writer.WriteNumber("completionTokens", answer.CompletionTokens);
            writer.WriteNumber("totalTokens", answer.TotalTokens);
            if (answer.CachedTokens is { } cached)
            {
                writer.WriteNumber("cachedTokens", cached);
            }

            if (answer.ReasoningTokens is { } reasoning)
            {
                writer.WriteNumber("reasoningTokens", reasoning);
            }

            writer.WriteEndObject();
            writer.WriteString("model", answer.Model);
            if (answer.ToolCalls.Count > 0)
            {
                writer.WriteStartArray("toolCalls");
                foreach (RunflowEmulatorToolCallRecord call in answer.ToolCalls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", call.Id);
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.Name);
                    writer.WriteString("arguments", call.Arguments);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (answer.Thinking is not null)
            {
                writer.WriteString("thinking", answer.Thinking);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes an embeddings body in OpenAI's shape, <c>{ "object": "list", "data": [ { "object": "embedding", "index",
    /// "embedding" } ], "model", "usage": { "prompt_tokens", "total_tokens" } }</c> (with the usage details objects when
    /// cached or reasoning tokens are scripted), optionally inside
    /// <c>{ "success": true, "data": … }</c>.
    /// </summary>
    /// <param name="answer">The answer.</param>
    /// <param name="envelope">Whether to wrap the body in the success envelope.</param>
    /// <returns>The UTF-8 body.</returns>
    /// <remarks>
    /// Floats are written in their shortest round-trippable form, which <see cref="Utf8JsonWriter"/> always does
    /// without regard to the current culture.
    /// </remarks>
    public static byte[] WriteEmbeddings(RunflowEmulatorEmbeddingAnswer answer, bool envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (answer.Vectors.Sum(v => v.Length) * 12));
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            if (envelope)
            {
                writer.WriteStartObject();
                writer.WriteBoolean("success", true);
                writer.WritePropertyName("data");
            }

            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (int i = 0; i < answer.Vectors.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                writer.WriteStartArray("embedding");
                foreach (float value in answer.Vectors[i])
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", answer.Model);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", answer.PromptTokens);
            writer.WriteNumber("total_tokens", answer.TotalTokens);
            if (answer.CachedTokens is { } cached)
            {
                writer.WriteStartObject("prompt_tokens_details");
                writer.WriteNumber("cached_tokens", cached);
                writer.WriteEndObject();
            }

            if (answer.ReasoningTokens is { } reasoning)
            {
                writer.WriteStartObject("completion_tokens_details");
                writer.WriteNumber("reasoning_tokens", reasoning);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();

            if (envelope)
            {
                writer.WriteEndObject();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a file upload's answer, <c>{ "success": true, "data": { "fileId", "provider", "mimeType", "size",
    /// "filename", "purpose"? } }</c>: the provider file reference Runflow documents, in the envelope of its runtime endpoints.
    /// </summary>
    /// <param name="file">The kept file.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteFile(RunflowEmulatorStoredFile file)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WriteStartObject("data");
            writer.WriteString("fileId", file.Id);
            writer.WriteString("provider", file.Upload.Provider);
            writer.WriteString("mimeType", file.Upload.MediaType);
            writer.WriteNumber("size", file.Upload.Content.Length);
            writer.WriteString("filename", file.Upload.FileName);
            if (file.Upload.Purpose is { } purpose)
            {
                writer.WriteString("purpose", purpose);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes an image-generation answer, <c>{ "success": true, "data": { "images": [ { "b64Json" } ], "model",
    /// "provider", "usage": { "promptTokens", "completionTokens"?, "totalTokens" } } }</c>.
    /// </summary>
    /// <param name="images">The PNG files.</param>
    /// <param name="model">The model name.</param>
    /// <param name="provider">The provider name.</param>
    /// <param name="promptTokens">The prompt's token count.</param>
    /// <param name="completionTokens">The completion's token count, written only when set.</param>
    /// <param name="totalTokens">The total token count.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteImages(IReadOnlyList<byte[]> images, string model, string provider, int promptTokens, int? completionTokens, int totalTokens)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + images.Sum(i => (i.Length * 4 / 3) + 32));
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WriteStartObject("data");
            writer.WriteStartArray("images");
            foreach (byte[] image in images)
            {
                writer.WriteStartObject();
                writer.WriteBase64String("b64Json", image);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", model);
            writer.WriteString("provider", provider);
            writer.WriteStartObject("usage");
            writer.WriteNumber("promptTokens", promptTokens);
            if (completionTokens is { } completion)
            {
                writer.WriteNumber("completionTokens", completion);
            }

            writer.WriteNumber("totalTokens", totalTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes an error body.</summary>
    /// <param name="message">The error message; it never contains the API key.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteError(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", false);
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

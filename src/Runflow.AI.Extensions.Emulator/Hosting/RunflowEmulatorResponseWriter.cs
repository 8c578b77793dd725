using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Writes the emulator's JSON bodies: the chat-completion, embeddings, file-upload and image-generation answers and the
/// <c>{ "success": false, "error" }</c> error.
/// </summary>
internal static class RunflowEmulatorResponseWriter
{
    // The relaxed encoder of the model's own JSON, so text comes back as it was written rather than \u-escaped.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = RunflowEmulatorModel.JsonOptions.Encoder };

    /// <summary>Writes a chat-completion body.</summary>
    /// <param name="answer">The answer.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteAnswer(RunflowEmulatorAnswer answer) => Write(
        new RunflowEmulatorChatBody(
            answer.Text,
            answer.FinishReason,
            new RunflowEmulatorChatUsageBody(answer.PromptTokens, answer.CompletionTokens, answer.TotalTokens, answer.CachedTokens, answer.ReasoningTokens),
            answer.Model,
            answer.ToolCalls.Count > 0 ? answer.ToolCalls.Select(c => new RunflowEmulatorToolCallBody(c.Id, "function", new RunflowEmulatorToolFunctionBody(c.Name, c.Arguments))).ToList() : null,
            answer.Thinking),
        RunflowEmulatorJsonContext.Default.RunflowEmulatorChatBody);

    /// <summary>Writes an embeddings body in OpenAI's shape, optionally inside <c>{ "success": true, "data": … }</c>.</summary>
    /// <param name="answer">The answer.</param>
    /// <param name="envelope">Whether to wrap the body in the success envelope.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteEmbeddings(RunflowEmulatorEmbeddingAnswer answer, bool envelope)
    {
        var body = new RunflowEmulatorEmbeddingsBody(
            "list",
            answer.Vectors.Select((vector, i) => new RunflowEmulatorEmbeddingBody("embedding", i, vector)).ToList(),
            answer.Model,
            new RunflowEmulatorEmbeddingsUsageBody(
                answer.PromptTokens,
                answer.TotalTokens,
                answer.CachedTokens is { } cached ? new RunflowEmulatorCachedTokensBody(cached) : null,
                answer.ReasoningTokens is { } reasoning ? new RunflowEmulatorReasoningTokensBody(reasoning) : null));
        return envelope
            ? Write(new RunflowEmulatorEnvelope<RunflowEmulatorEmbeddingsBody>(body), RunflowEmulatorJsonContext.Default.RunflowEmulatorEnvelopeRunflowEmulatorEmbeddingsBody)
            : Write(body, RunflowEmulatorJsonContext.Default.RunflowEmulatorEmbeddingsBody);
    }

    /// <summary>Writes a file upload's answer, the kept file's reference in the success envelope.</summary>
    /// <param name="file">The kept file.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteFile(RunflowEmulatorStoredFile file) => Write(
        new RunflowEmulatorEnvelope<RunflowEmulatorFileBody>(new RunflowEmulatorFileBody(
            file.Id, file.Upload.Provider, file.Upload.MediaType, file.Upload.Content.Length, file.Upload.FileName, file.Upload.Purpose)),
        RunflowEmulatorJsonContext.Default.RunflowEmulatorEnvelopeRunflowEmulatorFileBody);

    /// <summary>Writes an image-generation answer in the success envelope.</summary>
    /// <param name="images">The PNG files.</param>
    /// <param name="model">The model name.</param>
    /// <param name="provider">The provider name.</param>
    /// <param name="promptTokens">The prompt's token count.</param>
    /// <param name="completionTokens">The completion's token count, written only when set.</param>
    /// <param name="totalTokens">The total token count.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteImages(IReadOnlyList<byte[]> images, string model, string provider, int promptTokens, int? completionTokens, int totalTokens) => Write(
        new RunflowEmulatorEnvelope<RunflowEmulatorImagesBody>(new RunflowEmulatorImagesBody(
            images.Select(image => new RunflowEmulatorImageBody(image)).ToList(),
            model,
            provider,
            new RunflowEmulatorImagesUsageBody(promptTokens, completionTokens, totalTokens))),
        RunflowEmulatorJsonContext.Default.RunflowEmulatorEnvelopeRunflowEmulatorImagesBody);

    /// <summary>Writes an error body.</summary>
    /// <param name="message">The error message; it never contains the API key.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteError(string message) =>
        Write(new RunflowEmulatorErrorBody(message), RunflowEmulatorJsonContext.Default.RunflowEmulatorErrorBody);

    /// <summary>Writes a memory in the success envelope.</summary>
    /// <param name="memory">The memory.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteMemory(RunflowEmulatorMemoryBody memory) =>
        Write(new RunflowEmulatorEnvelope<RunflowEmulatorMemoryBody>(memory), RunflowEmulatorJsonContext.Default.RunflowEmulatorEnvelopeRunflowEmulatorMemoryBody);

    /// <summary>Writes <c>{ "success": false }</c>, the answer to a GET of an unknown memory.</summary>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteMemoryFailure() =>
        Write(new RunflowEmulatorMemoryFailure(), RunflowEmulatorJsonContext.Default.RunflowEmulatorMemoryFailure);

    /// <summary>Writes search matches as the bare list Runflow documents.</summary>
    /// <param name="matches">The matches, best first.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteMemorySearch(List<RunflowEmulatorMemoryEntry> matches) =>
        Write(matches, RunflowEmulatorJsonContext.Default.ListRunflowEmulatorMemoryEntry);

    /// <summary>Writes a summary in the success envelope.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteMemorySummary(string summary) =>
        Write(new RunflowEmulatorEnvelope<RunflowEmulatorMemorySummaryBody>(new RunflowEmulatorMemorySummaryBody(summary)), RunflowEmulatorJsonContext.Default.RunflowEmulatorEnvelopeRunflowEmulatorMemorySummaryBody);

    private static byte[] Write<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            JsonSerializer.Serialize(writer, body, typeInfo);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

using System.Text;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Translates between Runflow's chat and embeddings shapes, as the emulator parsed them, and OpenAI's Chat Completions
/// and Embeddings, as the <c>OpenAI</c> library models them: pure functions, for gateway mode.
/// </summary>
internal static class RunflowEmulatorUpstreamMapper
{
    /// <summary>Translates a Runflow conversation into Chat Completions messages: instructions first, as a system message.</summary>
    /// <param name="request">The parsed request.</param>
    /// <param name="files">Finds a file uploaded to the emulator by its id, so a <c>file</c> part travels as the file's bytes.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="RunflowEmulatorUpstreamException">A message holds what Chat Completions cannot carry (HTTP 400, naming the field).</exception>
    public static List<ChatMessage> ToUpstreamMessages(RunflowEmulatorChatRequest request, Func<string, RunflowEmulatorStoredFile?> files)
    {
        var messages = new List<ChatMessage>(request.Messages.Count + 1);
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            messages.Add(new SystemChatMessage(request.Instructions));
        }

        for (int i = 0; i < request.Messages.Count; i++)
        {
            messages.Add(ToUpstreamMessage(request.Messages[i], $"messages[{i}]", files));
        }

        return messages;
    }

    /// <summary>Translates a Runflow request's settings into Chat Completions options.</summary>
    /// <param name="request">The parsed request.</param>
    /// <returns>The options.</returns>
    public static ChatCompletionOptions ToUpstreamOptions(RunflowEmulatorChatRequest request)
    {
        var options = new ChatCompletionOptions
        {
            Temperature = (float?)request.Temperature,
            TopP = (float?)request.TopP,
            FrequencyPenalty = (float?)request.FrequencyPenalty,
            PresencePenalty = (float?)request.PresencePenalty,
            MaxOutputTokenCount = request.MaxTokens,
            Seed = request.Seed,
        };

        foreach (string stop in request.Stop)
        {
            options.StopSequences.Add(stop);
        }

        foreach (RunflowEmulatorTool tool in request.Tools)
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(
                tool.Name, tool.Description, tool.Parameters is { } parameters ? BinaryData.FromString(parameters.ToJsonString()) : null));
        }

        options.ToolChoice = request switch
        {
            { ToolChoiceName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
            { ToolChoiceRequired: true } => ChatToolChoice.CreateRequiredChoice(),
            { ToolChoiceNone: true } => ChatToolChoice.CreateNoneChoice(),
            _ => null,
        };

        options.ResponseFormat = request.ResponseFormatType switch
        {
            "json_object" => ChatResponseFormat.CreateJsonObjectFormat(),
            "json_schema" => ChatResponseFormat.CreateJsonSchemaFormat(
                request.ResponseSchemaName ?? "response",
                BinaryData.FromString(request.ResponseSchema!.ToJsonString()),
                request.ResponseSchemaDescription,
                request.ResponseSchemaStrict),
            _ => null,
        };
        return options;
    }

    /// <summary>Translates a Chat Completions answer into the emulator's answer, which it writes in Runflow's shape.</summary>
    /// <param name="completion">The upstream's answer.</param>
    /// <param name="requestedModel">The model the Runflow request named, kept when the upstream names none.</param>
    /// <returns>The answer.</returns>
    public static RunflowEmulatorAnswer FromUpstreamCompletion(ChatCompletion completion, string requestedModel)
    {
        string text = TextOf(completion.Content);
        ChatTokenUsage? usage = completion.Usage;
        return new RunflowEmulatorAnswer
        {
            Text = text.Length == 0 && !string.IsNullOrEmpty(completion.Refusal) ? completion.Refusal : text,
            ToolCalls = [.. completion.ToolCalls.Select(c => new RunflowEmulatorToolCallRecord(c.Id, c.FunctionName, c.FunctionArguments?.ToString() is { Length: > 0 } arguments ? arguments : "{}"))],
            FinishReason = FromUpstreamFinishReason(completion.FinishReason),
            Model = string.IsNullOrEmpty(completion.Model) ? requestedModel : completion.Model,
            PromptTokens = usage?.InputTokenCount ?? 0,
            CompletionTokens = usage?.OutputTokenCount ?? 0,
            TotalTokens = usage?.TotalTokenCount ?? 0,
            CachedTokens = usage?.InputTokenDetails?.CachedTokenCount is > 0 and var cached ? cached : null,
            ReasoningTokens = usage?.OutputTokenDetails?.ReasoningTokenCount is > 0 and var reasoning ? reasoning : null,
        };
    }

    /// <summary>Translates an embeddings answer into the emulator's answer, vectors in input order.</summary>
    /// <param name="embeddings">The upstream's answer.</param>
    /// <param name="requestedModel">The model the Runflow request named, kept when the upstream names none.</param>
    /// <returns>The answer.</returns>
    public static RunflowEmulatorEmbeddingAnswer FromUpstreamEmbeddings(OpenAIEmbeddingCollection embeddings, string requestedModel) => new()
    {
        Vectors = [.. embeddings.OrderBy(e => e.Index).Select(e => e.ToFloats().ToArray())],
        Model = string.IsNullOrEmpty(embeddings.Model) ? requestedModel : embeddings.Model,
        PromptTokens = embeddings.Usage?.InputTokenCount ?? 0,
        TotalTokens = embeddings.Usage?.TotalTokenCount ?? 0,
    };

    /// <summary>Gets the text of an answer's content, or of a streamed update's.</summary>
    /// <param name="content">The content parts.</param>
    /// <returns>The text parts joined, empty when there are none.</returns>
    public static string TextOf(ChatMessageContent content) =>
        content.Count == 1 ? content[0].Text ?? string.Empty : string.Concat(content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));

    /// <summary>Writes a finish reason as Chat Completions spells it, which Runflow's readers take.</summary>
    /// <param name="reason">The upstream's finish reason.</param>
    /// <returns>The wire value.</returns>
    public static string FromUpstreamFinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls or ChatFinishReason.FunctionCall => "tool_calls",
        _ => "stop",
    };

    private static ChatMessage ToUpstreamMessage(RunflowEmulatorMessage message, string field, Func<string, RunflowEmulatorStoredFile?> files)
    {
        switch (message.Role)
        {
            case "system":
                return new SystemChatMessage(message.Content ?? string.Empty) { ParticipantName = message.Name };
            case "tool":
                if (string.IsNullOrEmpty(message.ToolCallId))
                {
                    throw new RunflowEmulatorUpstreamException(400, $"{field}.tool_call_id is required in gateway mode: Chat Completions pairs each tool result with its call.");
                }

                return new ToolChatMessage(message.ToolCallId, message.Content ?? string.Empty);
            case "assistant":
                if (message.ToolCalls.Count == 0)
                {
                    return new AssistantChatMessage(message.Content ?? string.Empty) { ParticipantName = message.Name };
                }

                var calls = new List<ChatToolCall>(message.ToolCalls.Count);
                for (int i = 0; i < message.ToolCalls.Count; i++)
                {
                    RunflowEmulatorToolCallRecord call = message.ToolCalls[i];
                    if (string.IsNullOrEmpty(call.Id))
                    {
                        throw new RunflowEmulatorUpstreamException(400, $"{field}.tool_calls[{i}].id is required in gateway mode: Chat Completions pairs each tool result with its call.");
                    }

                    calls.Add(ChatToolCall.CreateFunctionToolCall(call.Id, call.Name, BinaryData.FromString(call.Arguments)));
                }

                var assistant = new AssistantChatMessage(calls) { ParticipantName = message.Name };
                if (!string.IsNullOrEmpty(message.Content))
                {
                    assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Content));
                }

                return assistant;
            default:
                return message.Parts.Count == 0
                    ? new UserChatMessage(message.Content ?? string.Empty) { ParticipantName = message.Name }
                    : new UserChatMessage(message.Parts.Select((p, i) => ToUpstreamPart(p, $"{field}.content[{i}]", files))) { ParticipantName = message.Name };
        }
    }

    private static ChatMessageContentPart ToUpstreamPart(RunflowEmulatorContentPart part, string field, Func<string, RunflowEmulatorStoredFile?> files)
    {
        switch (part.Type)
        {
            case "text":
                return ChatMessageContentPart.CreateTextPart(part.Text ?? string.Empty);
            case "image_url":
                return part.DataUri is { } image
                    ? ChatMessageContentPart.CreateImagePart(DataOf(image), part.MediaType!)
                    : ChatMessageContentPart.CreateImagePart(new Uri(part.Link!));
            case "file":
                // An id the emulator gave out names bytes it holds; any other id may be one the upstream gave out itself.
                return files(part.FileId!) is { } stored
                    ? ChatMessageContentPart.CreateFilePart(BinaryData.FromBytes(stored.Upload.Content), stored.Upload.MediaType, stored.Upload.FileName)
                    : ChatMessageContentPart.CreateFilePart(part.FileId!);
            default:
                return part.DataUri is { } file
                    ? ChatMessageContentPart.CreateFilePart(DataOf(file), part.MediaType!, FileNameFor(part.MediaType!))
                    : throw new RunflowEmulatorUpstreamException(400, $"{field} is a file_url part with an http(s) URL, which Chat Completions cannot carry; send the file as a data URI or upload it.");
        }
    }

    private static BinaryData DataOf(string dataUri) =>
        BinaryData.FromBytes(Convert.FromBase64String(dataUri[(dataUri.IndexOf(',', StringComparison.Ordinal) + 1)..]));

    // Chat Completions asks a file sent as data for a name; a data URI has none, so the name says only what it is.
    private static string FileNameFor(string mediaType)
    {
        int slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        string subtype = mediaType[(slash + 1)..];
        var name = new StringBuilder("file.");
        foreach (char c in subtype)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return name.ToString();
    }
}

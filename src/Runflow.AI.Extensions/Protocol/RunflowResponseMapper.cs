using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps a Runflow chat response to a Microsoft.Extensions.AI <see cref="ChatResponse"/>.</summary>
internal static class RunflowResponseMapper
{
    /// <summary>Unwraps a <c>{ "success": true, "data": … }</c> envelope and returns the response it holds.</summary>
    /// <returns>The response, or <see langword="null"/> when the envelope says the call failed.</returns>
    public static RunflowChatResponse? Unwrap(RunflowChatResponse response)
    {
        if (response.Success == false)
        {
            return null;
        }

        return response.Data ?? response;
    }

    /// <summary>Maps an unwrapped response.</summary>
    /// <param name="response">The response body.</param>
    /// <param name="requestedModel">The model the request named, used when the response does not say.</param>
    /// <param name="responseId">The id to give the response and its message.</param>
    /// <param name="createdAt">When the response was received.</param>
    public static ChatResponse FromRunflowResponse(RunflowChatResponse response, string? requestedModel, string responseId, DateTimeOffset createdAt)
    {
        var message = new ChatMessage(ChatRole.Assistant, ToContents(response))
        {
            MessageId = responseId,
            CreatedAt = createdAt,
            RawRepresentation = response,
        };

        return new ChatResponse(message)
        {
            ResponseId = responseId,
            ModelId = response.Model ?? requestedModel,
            CreatedAt = createdAt,
            FinishReason = message.Contents.Any(c => c is FunctionCallContent) ? ChatFinishReason.ToolCalls : ToFinishReason(response.FinishReason),
            Usage = ToUsage(response.Usage),
            RawRepresentation = response,
            AdditionalProperties = ToAdditionalProperties(response.AdditionalProperties),
        };
    }

    /// <summary>Maps any provider's finish reason; an unknown one is kept as its own value.</summary>
    public static ChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        null or "" => null,
        "stop" or "end_turn" or "STOP" or "stop_sequence" => ChatFinishReason.Stop,
        "length" or "max_tokens" or "MAX_TOKENS" => ChatFinishReason.Length,
        "tool_calls" or "tool_use" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" or "SAFETY" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    /// <summary>Maps token counts; the total is the sum when the server leaves it out.</summary>
    public static UsageDetails? ToUsage(RunflowUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var input = usage.PromptTokens ?? usage.PromptTokensSnakeCase;
        var output = usage.CompletionTokens ?? usage.CompletionTokensSnakeCase;
        var total = usage.TotalTokens ?? usage.TotalTokensSnakeCase;
        if (input is null && output is null && total is null)
        {
            return null;
        }

        return new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = total ?? (input ?? 0) + (output ?? 0),
        };
    }

    /// <summary>Reads a reasoning field that holds a string; other shapes are ignored.</summary>
    private static string? ReadReasoning(RunflowChatResponse response) =>
        Text(response.Thinking) ?? Text(response.Reasoning);

    private static List<AIContent> ToContents(RunflowChatResponse response)
    {
        var contents = new List<AIContent>(1 + (response.ToolCalls?.Count ?? 0));

        if (ReadReasoning(response) is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (!string.IsNullOrEmpty(response.Text))
        {
            contents.Add(new TextContent(response.Text));
        }

        if (response.ToolCalls is { } toolCalls)
        {
            foreach (var toolCall in toolCalls)
            {
                // A null item carries no call: skipped rather than failing the whole response.
                if (toolCall is not null)
                {
                    contents.Add(ToFunctionCall(toolCall));
                }
            }
        }

        return contents;
    }

    private static FunctionCallContent ToFunctionCall(RunflowResponseToolCall toolCall)
    {
        var name = toolCall.Function?.Name ?? toolCall.Name ?? string.Empty;
        var callId = string.IsNullOrEmpty(toolCall.Id) ? "call_" + Guid.NewGuid().ToString("N") : toolCall.Id;
        var arguments = toolCall.Function?.Arguments ?? toolCall.Arguments;

        var content = FunctionCallContent.CreateFromParsedArguments(arguments ?? default, callId, name, ParseArguments);
        content.RawRepresentation = toolCall;
        if (string.IsNullOrEmpty(name))
        {
            content.Exception ??= new InvalidDataException($"Runflow sent tool call '{callId}' without a function name.");
        }

        return content;
    }

    private static Dictionary<string, object?>? ParseArguments(JsonElement arguments)
    {
        switch (arguments.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;

            case JsonValueKind.String:
                var text = arguments.GetString();
                return string.IsNullOrWhiteSpace(text)
                    ? null
                    : (Dictionary<string, object?>?)JsonSerializer.Deserialize(text, ArgumentsTypeInfo)
                        ?? throw new JsonException("The tool-call arguments are the JSON null, not an object.");

            case JsonValueKind.Object:
                return (Dictionary<string, object?>?)arguments.Deserialize(ArgumentsTypeInfo);

            default:
                throw new JsonException($"The tool-call arguments are a JSON {arguments.ValueKind}, not an object.");
        }
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo ArgumentsTypeInfo =>
        RunflowJson.PayloadOptions.GetTypeInfo(typeof(Dictionary<string, object?>));

    private static string? Text(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? RunflowJson.GetLenientString(value) : null;

    private static AdditionalPropertiesDictionary? ToAdditionalProperties(Dictionary<string, JsonElement>? fields)
    {
        if (fields is not { Count: > 0 })
        {
            return null;
        }

        var properties = new AdditionalPropertiesDictionary();
        foreach (var (key, value) in fields)
        {
            properties[key] = value;
        }

        return properties;
    }
}

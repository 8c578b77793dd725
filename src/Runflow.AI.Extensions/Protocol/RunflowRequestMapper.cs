using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps Microsoft.Extensions.AI messages and options to a Runflow chat request.</summary>
internal static class RunflowRequestMapper
{
    /// <summary>The <c>serverTools</c> type a <see cref="HostedWebSearchTool"/> becomes.</summary>
    public const string WebSearchServerTool = "web_search_20250305";

    /// <summary>The <c>serverTools</c> type a <see cref="HostedCodeInterpreterTool"/> becomes.</summary>
    public const string CodeExecutionServerTool = "code_execution_20250522";

    private static readonly RunflowAdditionalFields<RunflowChatRequest> Fields = new(
        RunflowJsonContext.Default.RunflowChatRequest,
        nameof(ChatOptions),
        RunflowChatOptionsExtensions.ProjectIdKey, RunflowChatOptionsExtensions.ProviderKey, RunflowChatOptionsExtensions.ProviderNameKey);

    /// <summary>Builds the request body; throws before anything is sent when a value cannot be carried or is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A numeric option is outside the range Runflow documents.</exception>
    /// <exception cref="NotSupportedException">A content, tool or option cannot be carried by Runflow.</exception>
    /// <exception cref="InvalidOperationException">No model was given.</exception>
    public static RunflowChatRequest ToRunflowRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, RunflowClientOptions client)
    {
        // Checked, then written while the body is serialized: a sequence that is not a list is read once, into one.
        var list = messages as IList<ChatMessage> ?? [.. messages];
        RunflowMessageWriter.Validate(list);
        var request = new RunflowChatRequest
        {
            ProjectId = client.ProjectId,
            Provider = client.Provider,
            ProviderName = client.ProviderName,
            Legacy = client.Legacy,
            Model = options?.ModelId ?? client.DefaultModelId,
            Messages = new RunflowMessageList(list),
        };

        if (options is not null)
        {
            Validate(options);
            request.Instructions = options.Instructions;
            request.Temperature = options.Temperature;
            request.MaxTokens = options.MaxOutputTokens;
            request.TopP = options.TopP;
            request.TopK = options.TopK;
            request.FrequencyPenalty = options.FrequencyPenalty;
            request.PresencePenalty = options.PresencePenalty;
            request.Stop = options.StopSequences is { Count: > 0 } stop ? stop : null;
            request.Seed = options.Seed;
            request.ResponseFormat = ToRunflowResponseFormat(options.ResponseFormat);
            request.Thinking = ToRunflowThinking(options.Reasoning);
            AddTools(request, options);

            if (options.AdditionalProperties is { Count: > 0 } additional)
            {
                request.AdditionalProperties = Fields.Apply(request, additional, TakeRunflowKey);
            }
        }

        if (string.IsNullOrWhiteSpace(request.Model) && request.AdditionalProperties?.ContainsKey("model") != true)
        {
            throw new InvalidOperationException(
                $"No model to call: set ChatOptions.ModelId or {client.OptionName(nameof(RunflowClientOptions.DefaultModelId))}{client.VariableHint("RUNFLOW_MODEL")}.");
        }

        return request;
    }

    /// <summary>Gets the thinking budget used for a reasoning effort level.</summary>
    /// <remarks>Low 1,024 tokens (the smallest budget providers accept), Medium 4,096, High 16,384, ExtraHigh 32,768.</remarks>
    public static int ThinkingBudget(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.Low => 1024,
        ReasoningEffort.High => 16384,
        ReasoningEffort.ExtraHigh => 32768,
        _ => 4096,
    };

    private static void Validate(ChatOptions options)
    {
        if (options.ConversationId is not null)
        {
            throw new NotSupportedException(
                "Runflow keeps no conversation state, so ChatOptions.ConversationId cannot be used; send the whole history instead.");
        }

        if (options.ContinuationToken is not null)
        {
            throw new NotSupportedException("Runflow has no background responses, so ChatOptions.ContinuationToken cannot be used.");
        }

        CheckRange(options.Temperature, 0, 2, nameof(ChatOptions.Temperature));
        CheckRange(options.TopP, 0, 1, nameof(ChatOptions.TopP));
        CheckRange(options.FrequencyPenalty, -2, 2, nameof(ChatOptions.FrequencyPenalty));
        CheckRange(options.PresencePenalty, -2, 2, nameof(ChatOptions.PresencePenalty));

        if (options.MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxOutputTokens, "ChatOptions.MaxOutputTokens must be positive.");
        }

        if (options.TopK is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopK, "ChatOptions.TopK must be positive.");
        }

        static void CheckRange(float? value, float min, float max, string name)
        {
            if (value is { } v && !(v >= min && v <= max))
            {
                throw new ArgumentOutOfRangeException(nameof(options), v, $"ChatOptions.{name} must be between {min} and {max}.");
            }
        }
    }

    private static RunflowResponseFormat? ToRunflowResponseFormat(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } json => new RunflowResponseFormat
        {
            Type = "json_schema",
            JsonSchema = new RunflowJsonSchema
            {
                Name = string.IsNullOrWhiteSpace(json.SchemaName) ? "response" : json.SchemaName,
                Description = json.SchemaDescription,
                Schema = schema,
            },
        },
        ChatResponseFormatJson => new RunflowResponseFormat { Type = "json_object" },
        _ => null,
    };

    private static RunflowThinking? ToRunflowThinking(ReasoningOptions? reasoning)
    {
        if (reasoning is null || reasoning.Effort == ReasoningEffort.None || reasoning.Output == ReasoningOutput.None)
        {
            return null;
        }

        return new RunflowThinking { BudgetTokens = ThinkingBudget(reasoning.Effort ?? ReasoningEffort.Medium) };
    }

    private static void AddTools(RunflowChatRequest request, ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            return;
        }

        var functions = false;
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            switch (tool)
            {
                case AIFunctionDeclaration function:
                    // The model calls a function by name, so a second one of the same name could never run.
                    for (var j = 0; j < i; j++)
                    {
                        if (tools[j] is AIFunctionDeclaration earlier && string.Equals(earlier.Name, function.Name, StringComparison.Ordinal))
                        {
                            throw new ArgumentException($"ChatOptions.Tools has two functions named '{function.Name}'; tool names must be unique.", nameof(options));
                        }
                    }

                    functions = true;
                    break;

                case HostedWebSearchTool:
                    (request.ServerTools ??= []).Add(new RunflowServerTool { Type = WebSearchServerTool });
                    break;

                case HostedCodeInterpreterTool:
                    (request.ServerTools ??= []).Add(new RunflowServerTool { Type = CodeExecutionServerTool });
                    break;

                default:
                    throw new NotSupportedException(
                        $"Runflow cannot carry the tool '{tool.Name}' ({tool.GetType().Name}): only functions, {nameof(HostedWebSearchTool)} and {nameof(HostedCodeInterpreterTool)} are supported.");
            }
        }

        if (functions)
        {
            request.Tools = new RunflowToolList(tools);
            request.ToolChoice = options.ToolMode switch
            {
                RequiredChatToolMode { RequiredFunctionName: { } name } => new RunflowToolChoice { FunctionName = name },
                RequiredChatToolMode => RunflowToolChoice.Required,
                _ => null,
            };
        }
    }

    private static bool TakeRunflowKey(RunflowChatRequest request, string key, object? value)
    {
        switch (key, value)
        {
            case (RunflowChatOptionsExtensions.LegacyKey, bool legacy):
                request.Legacy = legacy;
                return true;
            case (RunflowChatOptionsExtensions.ThinkingKey, int budget):
                request.Thinking = budget > 0 ? new RunflowThinking { BudgetTokens = budget } : null;
                return true;
            case (RunflowChatOptionsExtensions.ServerToolsKey, IEnumerable<string> serverTools):
                request.ServerTools = [.. serverTools.Select(type => new RunflowServerTool { Type = type })];
                return true;
            case (RunflowChatOptionsExtensions.ToolChoiceKey, string mode):
                request.ToolChoice = new RunflowToolChoice { Mode = mode };
                return true;
            case ("messages", _):
                throw new ArgumentException(
                    "ChatOptions.AdditionalProperties[\"messages\"] would replace the conversation; pass the messages to the call, or build the body with RawRepresentationFactory.",
                    "additional");
            default:
                return false;
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The emulator's deterministic model: the same request always gets the same answer.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Trailing <c>tool</c> messages are answered with a sentence built from their results
/// (<see cref="RunflowEmulatorAnswerText.ToToolResults"/>).</item>
/// <item>Tools are called when the last message is a user message that names them or is about them, or when
/// <c>toolChoice</c> forces it (<see cref="RunflowEmulatorToolPlanner"/>); arguments follow each tool's schema, with
/// the values the user gave where the schema accepts them (<see cref="RunflowEmulatorTextValues"/>).</item>
/// <item>Otherwise the reply restates the last user message, its images and files described as what can honestly be
/// read from them (<see cref="RunflowEmulatorAnswerText.ToUser"/>). Instructions and system messages are read, never
/// repeated. The first answer of a conversation ends with <see cref="RunflowEmulatorAnswerText.OfflineNote"/>.</item>
/// <item><c>responseFormat</c> turns the reply into a JSON object or an instance of the given schema, filled with the
/// values the conversation gives for its properties.</item>
/// <item><c>stop</c> cuts before the first stop sequence; <c>maxTokens</c> cuts after that many tokens (finish reason <c>length</c>).</item>
/// </list>
/// </remarks>
internal static class RunflowEmulatorModel
{
    /// <summary>
    /// The most tool calls one answer makes: the first mentions in the text. A message repeating a tool's name a million
    /// times would otherwise cost a million argument instances.
    /// </summary>
    public const int MaxToolCalls = 100;

    /// <summary>The JSON options for text the model writes: compact, non-ASCII kept readable.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Answers a valid request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="streaming"><see langword="true"/> for the streaming endpoint, which cannot carry tool calls.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">A schema asks for more than the emulator generates; the message names its field.</exception>
    public static RunflowEmulatorAnswer Answer(RunflowEmulatorChatRequest request, bool streaming)
    {
        int promptTokens = RunflowEmulatorTokenizer.Count(request.Instructions) +
            request.Messages.Sum(m => RunflowEmulatorTokenizer.Count(m.Content));

        List<RunflowEmulatorMessage> toolResults = TrailingToolResults(request.Messages);
        (JsonNode? embeddedSchema, RunflowEmulatorMessage? schemaMessage, int schemaIndex) = request.ResponseFormatType == "json_object"
            ? FindEmbeddedSchema(request.Messages)
            : (null, null, -1);

        var budget = new RunflowEmulatorSchemaBudget();
        var valueTexts = new List<string?>();
        valueTexts.AddRange(toolResults.Select(m => m.Content));
        valueTexts.AddRange(request.Messages.Where(m => m.Role == "user" && !ReferenceEquals(m, schemaMessage)).Reverse().Select(m => m.Content));

        if (toolResults.Count == 0 && !streaming && request.Tools.Count > 0 && !request.ToolChoiceNone)
        {
            List<RunflowEmulatorToolCallRecord> calls = RunflowEmulatorToolPlanner.Plan(request, valueTexts, budget);
            if (calls.Count > 0)
            {
                int completion = calls.Sum(c => RunflowEmulatorTokenizer.Count(c.Name) + RunflowEmulatorTokenizer.Count(c.Arguments));
                return new RunflowEmulatorAnswer
                {
                    Text = string.Empty,
                    ToolCalls = calls,
                    FinishReason = "tool_calls",
                    Model = request.Model,
                    Thinking = Think(request, $"The request asks for what {string.Join(", ", calls.Select(c => c.Name).Distinct())} can tell, so I call it."),
                    PromptTokens = promptTokens,
                    CompletionTokens = completion,
                    TotalTokens = promptTokens + completion,
                };
            }
        }

        RunflowEmulatorMessage? lastUser = request.Messages
            .LastOrDefault(m => m.Role == "user" && !ReferenceEquals(m, schemaMessage) && RunflowEmulatorAnswerText.HasContent(m));
        string core = toolResults.Count > 0
            ? RunflowEmulatorAnswerText.ToToolResults(toolResults, request.Messages)
            : RunflowEmulatorAnswerText.ToUser(lastUser);

        string text = request.ResponseFormatType switch
        {
            "json_schema" => Instance(request.ResponseSchema, valueTexts, request.ResponseSchemaField, budget),
            "json_object" when embeddedSchema is not null => Instance(embeddedSchema, valueTexts, $"messages[{schemaIndex}].content", budget),
            "json_object" => new JsonObject { ["reply"] = core }.ToJsonString(JsonOptions),
            _ when RunflowEmulatorAnswerText.IsFirstAnswer(request.Messages) => $"{core} {RunflowEmulatorAnswerText.OfflineNote}",
            _ => core,
        };

        string finishReason = "stop";
        string? stopAt = request.Stop
            .Where(s => s.Length > 0)
            .Select(s => (Sequence: s, Index: text.IndexOf(s, StringComparison.Ordinal)))
            .Where(x => x.Index >= 0)
            .OrderBy(x => x.Index)
            .Select(x => x.Sequence)
            .FirstOrDefault();
        if (stopAt is not null)
        {
            text = text[..text.IndexOf(stopAt, StringComparison.Ordinal)];
        }

        if (request.MaxTokens is int max && RunflowEmulatorTokenizer.TryTruncate(text, max, out string cut))
        {
            text = cut;
            finishReason = "length";
        }

        int completionTokens = RunflowEmulatorTokenizer.Count(text);
        return new RunflowEmulatorAnswer
        {
            Text = text,
            FinishReason = finishReason,
            Model = request.Model,
            Thinking = Think(request, toolResults.Count > 0 ? "The tools answered, so I report their results." : lastUser is null ? "The user wrote nothing, so I say so." : $"The user wrote \"{RunflowEmulatorAnswerText.TextOf(lastUser)}\", so I restate it."),
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = promptTokens + completionTokens,
        };
    }

    private static List<RunflowEmulatorMessage> TrailingToolResults(IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        int start = messages.Count;
        while (start > 0 && messages[start - 1].Role == "tool")
        {
            start--;
        }

        return messages.Skip(start).ToList();
    }

    private static string Instance(JsonNode? schema, List<string?> valueTexts, string field, RunflowEmulatorSchemaBudget budget) =>
        Generate(new RunflowEmulatorJsonGenerator(schema, new RunflowEmulatorTextValues(schema, valueTexts), onlyRequiredAtTop: false, budget), field)?.ToJsonString(JsonOptions) ?? "null";

    /// <summary>Generates an instance, naming the request field whose schema asks for too much.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="field">Where the schema is in the request.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="RunflowEmulatorSchemaLimitException">The schema asks for more than the emulator generates; the message names <paramref name="field"/>.</exception>
    internal static JsonNode? Generate(RunflowEmulatorJsonGenerator generator, string field)
    {
        try
        {
            return generator.Generate();
        }
        catch (RunflowEmulatorSchemaLimitException ex)
        {
            throw ex.At(field);
        }
    }

    private static string? Think(RunflowEmulatorChatRequest request, string thought)
    {
        if (!request.ThinkingEnabled)
        {
            return null;
        }

        return request.ThinkingBudgetTokens is int budget && RunflowEmulatorTokenizer.TryTruncate(thought, budget, out string cut) ? cut : thought;
    }

    // Prompt-based structured output (a json_object request whose prompt carries the schema) gets an instance of that schema.
    private static (JsonNode? Schema, RunflowEmulatorMessage? Message, int Index) FindEmbeddedSchema(IReadOnlyList<RunflowEmulatorMessage> messages)
    {
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            string? content = messages[i].Content;
            int open = content?.IndexOf('{', StringComparison.Ordinal) ?? -1;
            if (open < 0 || content!.IndexOf("schema", StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            int close = content.LastIndexOf('}');
            if (close <= open)
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(content[open..(close + 1)]) is JsonObject schema &&
                    (schema.ContainsKey("properties") || schema.ContainsKey("type") || schema.ContainsKey("$schema")))
                {
                    return (schema, messages[i], i);
                }
            }
            catch (JsonException)
            {
            }
        }

        return (null, null, -1);
    }
}

using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>What one server-sent event of a chat stream says: a piece of text and, at the end, a finish reason and
/// usage; or the error the server reports instead.</summary>
internal readonly record struct RunflowStreamEvent(string? Text, string? FinishReason, RunflowUsage? Usage, bool IsDone, string? Error = null)
{
    /// <summary>Reads an event: <c>[DONE]</c>, a JSON object (Runflow's fields, or OpenAI's <c>choices[0].delta</c>),
    /// plain text, or an error (<c>event: error</c>, or a JSON object holding <c>error</c>).</summary>
    public static RunflowStreamEvent Parse(RunflowServerSentEvent serverSentEvent)
    {
        var data = serverSentEvent.Data;
        var isError = string.Equals(serverSentEvent.Type, "error", StringComparison.OrdinalIgnoreCase);
        if (data == "[DONE]")
        {
            return new(null, null, null, IsDone: true);
        }

        if (!data.StartsWith('{'))
        {
            return isError ? Failed(data) : new(data, null, null, IsDone: false);
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.TryGetProperty("data", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
            {
                root = wrapped;
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
            {
                return Failed(RunflowErrors.ErrorText(error) ?? error.GetRawText());
            }

            if (isError)
            {
                return Failed(RunflowErrors.ErrorText(root.TryGetProperty("message", out var message) ? message : root) ?? data);
            }

            string? text = String(root, "text") ?? String(root, "delta") ?? String(root, "content");
            string? finishReason = String(root, "finishReason") ?? String(root, "finish_reason");
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.ValueKind == JsonValueKind.Object)
                {
                    if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                    {
                        text ??= String(delta, "content");
                    }

                    finishReason ??= String(choice, "finish_reason");
                }
            }

            var usage = root.TryGetProperty("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object
                ? usageElement.Deserialize(RunflowJsonContext.Default.RunflowUsage)
                : null;

            return new(text, finishReason, usage, IsDone: false);
        }
        catch (JsonException)
        {
            return isError ? Failed(data) : new(data, null, null, IsDone: false);
        }
    }

    private static RunflowStreamEvent Failed(string? message) => new(null, null, null, IsDone: false, Error: string.IsNullOrWhiteSpace(message) ? "no error message" : message);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? RunflowJson.GetLenientString(value) : null;
}

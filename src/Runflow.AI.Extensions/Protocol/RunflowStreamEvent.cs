using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>What one server-sent event of a chat stream says: a piece of text and, at the end, a finish reason and
/// usage; or the error the server reports instead.</summary>
internal readonly record struct RunflowStreamEvent(string? Text, string? FinishReason, RunflowUsage? Usage, bool IsDone, string? Error = null)
{
    /// <summary>Reads an event: <c>[DONE]</c>, a JSON object (Runflow's fields, or OpenAI's <c>choices[0].delta</c>),
    /// plain text, or an error (<c>event: error</c>, or a JSON object holding <c>error</c>).</summary>
    /// <param name="type">The event's <c>event:</c> field.</param>
    /// <param name="data">The event's data, as UTF-8; bytes that are not UTF-8 read as U+FFFD.</param>
    public static RunflowStreamEvent Parse(string type, ReadOnlySpan<byte> data)
    {
        var isError = string.Equals(type, "error", StringComparison.OrdinalIgnoreCase);
        if (data.SequenceEqual("[DONE]"u8))
        {
            return new(null, null, null, IsDone: true);
        }

        if (data.IsEmpty || data[0] != (byte)'{')
        {
            return Plain(data, isError);
        }

        if (!Utf8.IsValid(data))
        {
            data = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data));
        }

        try
        {
            var root = JsonSerializer.Deserialize(data, RunflowJsonContext.Default.JsonElement);
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
                return Failed(RunflowErrors.ErrorText(root.TryGetProperty("message", out var message) ? message : root) ?? Encoding.UTF8.GetString(data));
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
            return Plain(data, isError);
        }
    }

    private static RunflowStreamEvent Plain(ReadOnlySpan<byte> data, bool isError)
    {
        var text = Encoding.UTF8.GetString(data);
        return isError ? Failed(text) : new(text, null, null, IsDone: false);
    }

    private static RunflowStreamEvent Failed(string? message) => new(null, null, null, IsDone: false, Error: string.IsNullOrWhiteSpace(message) ? "no error message" : message);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? RunflowJson.GetLenientString(value) : null;
}

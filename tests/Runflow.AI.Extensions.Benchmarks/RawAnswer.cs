using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>
/// The least any <see cref="IChatClient"/> must do with a call (load row <c>raw-answer</c>): the floor with a timer per
/// call, and the reply's text, finish reason, model and usage read into Microsoft.Extensions.AI's response objects by
/// one pass of a <see cref="Utf8JsonReader"/> over the pooled body. No request mapping, no serialization, no checks.
/// </summary>
internal static class RawAnswer
{
    private const int BufferSize = 4096;

    /// <summary>POSTs bytes serialized in advance and returns the reply as a <see cref="ChatResponse"/>.</summary>
    public static async Task<ChatResponse> PostAsync(HttpClient client, Uri uri, byte[] body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        using var request = BenchmarkHttp.CreateRequest(uri, body);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var length = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        throw new InvalidOperationException($"The reply is larger than {BufferSize} bytes.");
                    }
                }

                return Read(buffer.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ChatResponse Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? text = null;
        string? model = null;
        var finishReason = ChatFinishReason.Stop;
        UsageDetails? usage = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = reader.GetString();
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = reader.GetString();
            }
            else if (reader.ValueTextEquals("finishReason"u8))
            {
                reader.Read();
                finishReason = reader.ValueTextEquals("stop"u8) ? ChatFinishReason.Stop : new ChatFinishReason(reader.GetString()!);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = ReadUsage(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = model, FinishReason = finishReason, Usage = usage };
    }

    private static UsageDetails ReadUsage(ref Utf8JsonReader reader)
    {
        var usage = new UsageDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("promptTokens"u8))
            {
                usage.InputTokenCount = reader.GetInt64();
            }
            else if (name.SequenceEqual("completionTokens"u8))
            {
                usage.OutputTokenCount = reader.GetInt64();
            }
            else if (name.SequenceEqual("totalTokens"u8))
            {
                usage.TotalTokenCount = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        return usage;
    }
}

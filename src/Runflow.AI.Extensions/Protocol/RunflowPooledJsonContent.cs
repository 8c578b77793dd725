using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// A JSON request body serialized once, up front, into pooled memory that goes back to the pool with the request: it
/// has a Content-Length, a retry handler can send it again, and it costs no array per request.
/// </summary>
/// <remarks>It earns its place in the benchmarks: against <see cref="ByteArrayContent"/> over
/// <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonTypeInfo{TValue})"/> it saves about 0.5 KB per chat
/// call and 22 KB per 128-input embeddings call.</remarks>
internal sealed class RunflowPooledJsonContent : HttpContent
{
    private readonly PooledBufferWriter _body;

    private RunflowPooledJsonContent(PooledBufferWriter body)
    {
        _body = body;
        Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
    }

    /// <summary>Serializes <paramref name="value"/> into a new body, with <paramref name="additionalFields"/> after its own.</summary>
    /// <param name="value">The body.</param>
    /// <param name="typeInfo">Its type, from <see cref="RunflowJson.BodyContext"/>.</param>
    /// <param name="additionalFields">Caller-supplied top-level fields; the value must serialize as a JSON object.</param>
    public static RunflowPooledJsonContent Create<T>(T value, JsonTypeInfo<T> typeInfo, Dictionary<string, JsonElement>? additionalFields = null)
    {
        var body = new PooledBufferWriter();
        try
        {
            using (var writer = new Utf8JsonWriter(body, RunflowJson.WriterOptions))
            {
                JsonSerializer.Serialize(writer, value, typeInfo);
                if (additionalFields is { Count: > 0 })
                {
                    writer.Flush();
                    AppendFields(body, writer, additionalFields);
                }
            }

            return new RunflowPooledJsonContent(body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Reopens the object just written (<c>{…}</c>, compact) and writes the fields before its closing brace.</summary>
    private static void AppendFields(PooledBufferWriter body, Utf8JsonWriter writer, Dictionary<string, JsonElement> fields)
    {
        body.RemoveLast((byte)'}');
        if (body.WrittenCount > 1)
        {
            body.Write((byte)',');
        }

        // A writer that skips validation writes properties outside an object; it puts commas between them itself.
        writer.Reset(body);
        foreach (var (name, field) in fields)
        {
            writer.WritePropertyName(name);
            field.WriteTo(writer);
        }

        writer.Flush();
        body.Write((byte)'}');
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_body.WrittenMemory).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_body.WrittenMemory, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_body.WrittenMemory.Span);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.WrittenMemory.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }

        base.Dispose(disposing);
    }
}

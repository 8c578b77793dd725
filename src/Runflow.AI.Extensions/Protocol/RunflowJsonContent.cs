using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// A request body serialized once, up front, into pooled memory: it has a Content-Length, can be sent again by
/// a retry handler, and costs no intermediate string.
/// </summary>
internal sealed class RunflowJsonContent : HttpContent
{
    private readonly PooledBufferWriter _body;

    /// <summary>A writer per thread, reset onto each body, so serializing allocates no writer.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private RunflowJsonContent(PooledBufferWriter body)
    {
        _body = body;
        Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
    }

    /// <summary>Gets the serialized body.</summary>
    public ReadOnlyMemory<byte> Body => _body.WrittenMemory;

    /// <summary>Serializes a request; when <paramref name="startingBody"/> is given, its fields win over the request's.</summary>
    public static RunflowJsonContent CreateChatBody(RunflowChatRequest request, JsonObject? startingBody) =>
        startingBody is null
            ? Create(request, RunflowJsonContext.Default.RunflowChatRequest)
            : Create(Merge(request, startingBody), RunflowJsonContext.Default.JsonObject);

    /// <summary>Serializes any wire type.</summary>
    public static RunflowJsonContent Create<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var body = new PooledBufferWriter();
        try
        {
            var writer = t_writer ??= new Utf8JsonWriter(Stream.Null, RunflowJson.WriterOptions);
            writer.Reset(body);
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            writer.Reset(Stream.Null);
            return new RunflowJsonContent(body);
        }
        catch
        {
            t_writer = null;
            body.Dispose();
            throw;
        }
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

    private static JsonObject Merge(RunflowChatRequest request, JsonObject startingBody)
    {
        var merged = (JsonObject)startingBody.DeepClone();
        var mapped = JsonSerializer.SerializeToNode(request, RunflowJsonContext.Default.RunflowChatRequest)!.AsObject();
        foreach (var name in mapped.Select(field => field.Key).ToList())
        {
            if (!merged.ContainsKey(name))
            {
                var value = mapped[name];
                mapped.Remove(name);
                merged[name] = value;
            }
        }

        return merged;
    }
}

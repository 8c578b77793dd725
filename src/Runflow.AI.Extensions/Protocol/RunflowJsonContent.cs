using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Request bodies, serialized up front: each has a Content-Length, and a retry handler can send it again.</summary>
internal static class RunflowJsonContent
{
    /// <summary>Serializes a request; when <paramref name="startingBody"/> is given, its fields win over the request's.</summary>
    public static HttpContent CreateChatBody(RunflowChatRequest request, JsonObject? startingBody) =>
        startingBody is null
            ? Create(request, RunflowJson.BodyContext.RunflowChatRequest, request.AdditionalProperties)
            : Create(Merge(request, startingBody), RunflowJson.BodyContext.JsonObject);

    /// <summary>Serializes a wire type, and a request's caller-supplied top-level fields after its own.</summary>
    /// <param name="value">The body.</param>
    /// <param name="typeInfo">Its type, from <see cref="RunflowJson.BodyContext"/>: named at each call rather than looked
    /// up, which cost about a third of the chat body's serialization.</param>
    /// <param name="additionalFields">Caller-supplied top-level fields.</param>
    public static HttpContent Create<T>(T value, JsonTypeInfo<T> typeInfo, Dictionary<string, JsonElement>? additionalFields = null) =>
        RunflowPooledJsonContent.Create(value, typeInfo, additionalFields);

    private static JsonObject Merge(RunflowChatRequest request, JsonObject startingBody)
    {
        var merged = (JsonObject)startingBody.DeepClone();
        var mapped = JsonSerializer.SerializeToNode(request, RunflowJson.BodyContext.RunflowChatRequest)!.AsObject();
        foreach (var (name, value) in request.AdditionalProperties ?? [])
        {
            mapped[name] = JsonSerializer.SerializeToNode(value, RunflowJson.BodyContext.JsonElement);
        }

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

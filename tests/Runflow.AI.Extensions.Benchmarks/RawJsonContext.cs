using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Benchmarks;

/// <summary>The serialization floor's source-generated context, with the same naming and escaping as the client's.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawChatRequest))]
internal sealed partial class RawJsonContext : JsonSerializerContext
{
    /// <summary>Gets a context that escapes only what JSON requires, as the client writes.</summary>
    public static RawJsonContext Relaxed { get; } =
        new(new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
}

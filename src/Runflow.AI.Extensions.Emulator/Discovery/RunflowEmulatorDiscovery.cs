using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The tenant-discovery endpoint: reads the key from <c>{ "apiKey": … }</c>, keeps it out of the recording, and
/// answers with a tenant derived from the key, so the same key always discovers the same tenant.
/// </summary>
internal static class RunflowEmulatorDiscovery
{
    /// <summary>Gets the tenant and key ids of a key: <c>tenant-</c> and <c>key-</c> followed by 8 hex digits of its SHA-256.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>The tenant id and the key id.</returns>
    public static (string TenantId, string ApiKeyId) IdsOf(string apiKey)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
        return ("tenant-" + hash[..8], "key-" + hash[8..16]);
    }

    /// <summary>Reads the key of a discovery body.</summary>
    /// <param name="json">The body, parsed.</param>
    /// <param name="apiKey">The key, trimmed; <see langword="null"/> when it is blank (answered 401).</param>
    /// <returns>The message of the 400 the body gets, or <see langword="null"/> when it has an <c>apiKey</c> string.</returns>
    public static string? ReadKey(JsonNode? json, out string? apiKey)
    {
        apiKey = null;
        if (!RunflowEmulatorRequestBody.TryRead(JsonSerializer.SerializeToElement(json, RunflowEmulatorModel.JsonOptions), RunflowEmulatorRequestSchema.Discovery, RunflowEmulatorWireContext.Default.RunflowEmulatorDiscoveryRequestDto, out RunflowEmulatorDiscoveryRequestDto? body, out string? error))
        {
            return error;
        }

        string key = body.ApiKey.Trim();
        apiKey = key.Length == 0 ? null : key;
        return null;
    }

    /// <summary>
    /// Makes a discovery body safe to record: a JSON object is re-written with every field that can carry a credential
    /// (<c>apiKey</c>, <c>api_key</c>, <c>key</c>, …, at any depth) replaced by <see cref="RunflowEmulatorRequest.RedactedValue"/>,
    /// and the key removed from any other string; any other non-empty body, which may hold the key in a form not read
    /// here, is recorded as that value alone.
    /// </summary>
    /// <param name="body">The body text.</param>
    /// <param name="json">The body, parsed; changed in place.</param>
    /// <param name="apiKey">The key the body carries, if it was read.</param>
    /// <returns>The text and JSON to record.</returns>
    public static (string Body, JsonNode? Json) Redact(string body, JsonNode? json, string? apiKey)
    {
        if (json is JsonObject fields)
        {
            RedactNode(fields, apiKey);
            return (fields.ToJsonString(RunflowEmulatorModel.JsonOptions), fields);
        }

        return body.Length == 0 ? (body, null) : (RunflowEmulatorRequest.RedactedValue, null);
    }

    /// <summary>Writes the answer for a key: <c>{ "success": true, "data": { "tenantId", "tenantName", "apiKeyId",
    /// "apiKeyName", "scopes", "isActive", "expiresAt" } }</c>.</summary>
    /// <param name="apiKey">The key, already accepted.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] WriteAnswer(string apiKey)
    {
        (string tenantId, string apiKeyId) = IdsOf(apiKey);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WriteStartObject("data");
            writer.WriteString("tenantId", tenantId);
            writer.WriteString("tenantName", "Emulator tenant " + tenantId["tenant-".Length..]);
            writer.WriteString("apiKeyId", apiKeyId);
            writer.WriteString("apiKeyName", "Emulator key");
            writer.WriteStartArray("scopes");
            writer.WriteStringValue("chat");
            writer.WriteStringValue("embeddings");
            writer.WriteEndArray();
            writer.WriteBoolean("isActive", true);
            writer.WriteNull("expiresAt");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void RedactNode(JsonNode node, string? apiKey)
    {
        if (node is JsonObject fields)
        {
            foreach (string name in fields.Select(f => f.Key).ToList())
            {
                if (RunflowEmulatorSecrets.IsSecretField(name))
                {
                    fields[name] = RunflowEmulatorRequest.RedactedValue;
                }
                else if (fields[name] is { } child && WithoutKey(child, apiKey) is { } replaced)
                {
                    fields[name] = replaced;
                }
            }
        }
        else if (node is JsonArray items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item && WithoutKey(item, apiKey) is { } replaced)
                {
                    items[i] = replaced;
                }
            }
        }
    }

    /// <summary>Redacts inside a container in place; returns a replacement for a string that holds the key, else null.</summary>
    private static JsonValue? WithoutKey(JsonNode node, string? apiKey)
    {
        if (node is JsonValue value)
        {
            return apiKey is not null && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { } text
                && text.Contains(apiKey, StringComparison.Ordinal)
                ? JsonValue.Create(text.Replace(apiKey, RunflowEmulatorRequest.RedactedValue, StringComparison.Ordinal))
                : null;
        }

        RedactNode(node, apiKey);
        return null;
    }
}

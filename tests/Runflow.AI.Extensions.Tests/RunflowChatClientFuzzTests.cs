using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>Whatever a server sends, a call ends in a <see cref="ChatResponse"/> or a <see cref="RunflowException"/>.</summary>
public sealed class RunflowChatClientFuzzTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true);

    private static readonly string[] Keys =
    [
        "text", "finishReason", "usage", "model", "toolCalls", "thinking", "reasoning", "success", "data", "error", "message",
        "id", "type", "name", "arguments", "function", "promptTokens", "completionTokens", "totalTokens", "prompt_tokens",
    ];

    private static bool EndsCleanly(byte[] body, string mediaType, bool streaming)
    {
        using var client = TestClient.Create(new RecordingHandler((_, _) =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }));

        try
        {
            if (streaming)
            {
                client.GetStreamingResponseAsync("Hi").ToListAsync().AsTask().GetAwaiter().GetResult();
            }
            else
            {
                client.GetResponseAsync("Hi").GetAwaiter().GetResult();
            }

            return true;
        }
        catch (RunflowException)
        {
            return true;
        }
    }

    private static Gen<JsonNode?> JsonValues(int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.ArbFor<bool>().Generator.Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.ArbFor<int>().Generator.Select(n => (JsonNode?)JsonValue.Create(n)),
            ArbMap.Default.ArbFor<NormalFloat>().Generator.Select(f => (JsonNode?)JsonValue.Create(f.Get)),
            ArbMap.Default.ArbFor<string>().Generator.Select(s => (JsonNode?)JsonValue.Create(s ?? string.Empty)),
            Gen.Elements(Keys).Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth == 0)
        {
            return scalars;
        }

        var children = JsonValues(depth - 1);
        var arrays = children.ListOf().Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]));
        var objects = Gen.Zip(Gen.Elements(Keys), children).ListOf().Select(fields =>
        {
            var obj = new JsonObject();
            foreach (var (key, value) in fields)
            {
                obj[key] = value?.DeepClone();
            }

            return (JsonNode?)obj;
        });
        return Gen.Frequency((2, scalars), (1, arrays), (3, objects));
    }

    // The properties run off the test thread so that the test's timeout can end a hung call.
    [Fact(Timeout = TestBounds.Test)]
    public Task GetResponseAsync_ArbitraryJson_EndsInResponseOrRunflowException() =>
        Task.Run(() => Prop.ForAll(JsonValues(3).ToArbitrary(), json =>
            EndsCleanly(Encoding.UTF8.GetBytes(json?.ToJsonString() ?? "null"), "application/json", streaming: false)).Check(Runs), Token);

    [Fact(Timeout = TestBounds.Test)]
    public Task GetResponseAsync_ArbitraryBytes_EndsInResponseOrRunflowException() =>
        Task.Run(() => Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => EndsCleanly(bytes ?? [], "application/json", streaming: false)).Check(Runs), Token);

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("text/plain")]
    [InlineData("text/event-stream")]
    [InlineData("application/json")]
    public Task GetStreamingResponseAsync_ArbitraryBytes_EndsInUpdatesOrRunflowException(string mediaType) =>
        Task.Run(() => Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => EndsCleanly(bytes ?? [], mediaType, streaming: true)).Check(Runs), Token);

    [Fact(Timeout = TestBounds.Test)]
    public Task GetStreamingResponseAsync_ArbitraryEventStreamJson_EndsInUpdatesOrRunflowException() =>
        Task.Run(() => Prop.ForAll(JsonValues(2).ToArbitrary(), json =>
            EndsCleanly(Encoding.UTF8.GetBytes($"data: {json?.ToJsonString() ?? "null"}\n\n"), "text/event-stream", streaming: true)).Check(Runs), Token);
}

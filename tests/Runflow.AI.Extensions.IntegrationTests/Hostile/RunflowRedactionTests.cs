using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>A server that reflects the key, in any form and in any place, never gets it into what the caller sees.</summary>
public sealed class RunflowRedactionTests
{
    private const string Key = HostileClients.ApiKey;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Reflections =>
    [
        Key,
        Key.ToUpperInvariant(),
        JsonEncodedText.Encode(Key).ToString(),
        Uri.EscapeDataString(Key),
        Uri.EscapeDataString(Key).ToLowerInvariant(),
        "rf_live_K\\u0065y+/=<>9",
    ];

    [Theory(Timeout = TestBounds.Test)]
    [MemberData(nameof(Reflections))]
    public async Task Error_ReflectingTheKeyEverywhere_ShowsItNowhere(string reflected)
    {
        await using var server = await HostileServer.StartAsync(
            async context =>
            {
                context.Response.StatusCode = 401;
                context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = $"Bad key {reflected}";
                context.Response.Headers["x-request-id"] = $"req-{reflected}";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"error":"invalid key {{reflected}}","echo":"?api_key={{reflected}}"}""", context.RequestAborted);
            },
            Token);
        var logs = new CapturingLoggerFactory();
        var sourceName = "redaction-" + Guid.NewGuid().ToString("N");
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using IChatClient client = HostileClients.Chat(server.Endpoint).AsBuilder()
            .UseLogging(logs)
            .UseOpenTelemetry(sourceName: sourceName, configure: c => c.EnableSensitiveData = true)
            .Build();

        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.StartsWith("Runflow returned 401 (", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.RequestId);
        var activity = Assert.Single(activities);
        string[] seen =
        [
            error.Message, error.ToString(), error.RequestId!, error.ServerMessage ?? "", error.ResponseBody ?? "",
            string.Join("\n", logs.Messages), activity.StatusDescription ?? "",
            string.Join("\n", activity.TagObjects.Select(t => $"{t.Key}={t.Value}")),
        ];
        foreach (var text in seen)
        {
            AssertHasNoKey(text);
        }
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Endpoint_WithUserInfo_IsRefusedWithoutShowingIt()
    {
        await using var server = await HostileServer.StartAsync(HostileClients.Answer(200, """{"text":"sent"}"""), Token);
        var endpoint = new UriBuilder(server.Endpoint) { UserName = "user", Password = "p4ssw0rd" }.Uri;
        var options = HostileClients.Options(endpoint);

        var error = Assert.Throws<ArgumentException>(() => new RunflowChatClient(options));

        Assert.Contains("RunflowClientOptions.Endpoint must not carry user info", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p4ssw0rd", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p4ssw0rd", options.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    /// <summary>Fails when the text holds the key in any form: as it is, in any case, JSON-escaped or percent-encoded.</summary>
    private static void AssertHasNoKey(string text)
    {
        var decoded = Uri.UnescapeDataString(Regex.Unescape(text.Replace("\\\\", "\\", StringComparison.Ordinal)));
        Assert.DoesNotContain(Key, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, decoded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(JsonEncodedText.Encode(Key).ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(Key), text, StringComparison.OrdinalIgnoreCase);
    }
}

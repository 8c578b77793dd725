using System.Diagnostics;
using System.Net;
using System.Text;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The API key appears nowhere: not in logs, telemetry, exceptions or descriptions.</summary>
public sealed class RunflowSecretTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A server that answers the chat endpoint with JSON and the stream endpoint with text.</summary>
    private static RecordingHandler MixedServer() => new((request, _) =>
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/stream", StringComparison.Ordinal))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("streamed text", Encoding.UTF8, "text/plain") });
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestClient.HelloResponse, Encoding.UTF8, "application/json") });
    });

    private static async Task ExerciseAsync(IChatClient client)
    {
        await client.GetResponseAsync("Hi", cancellationToken: Token);
        await client.GetStreamingResponseAsync("Hi", cancellationToken: Token).ToListAsync(Token);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UseLogging_AtTrace_NeverLogsTheKey()
    {
        var logger = new CapturingLogger();
        using var runflow = TestClient.Create(MixedServer());
        using var client = runflow.AsBuilder().UseLogging(new SingleLoggerFactory(logger)).Build();

        await ExerciseAsync(client);
        using var failing = TestClient.Create(new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent($$"""{"error":"bad key {{TestClient.ApiKey}}"}""", Encoding.UTF8, "application/json"),
        })));
        using var failingLogged = failing.AsBuilder().UseLogging(new SingleLoggerFactory(logger)).Build();
        await Assert.ThrowsAsync<RunflowException>(() => failingLogged.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.NotEmpty(logger.Entries);
        Assert.Contains(logger.Entries, e => e.Contains("Trace", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Contains("RunflowException", StringComparison.Ordinal));
        Assert.All(logger.Entries, e => Assert.DoesNotContain(TestClient.ApiKey, e));
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UseOpenTelemetry_WithSensitiveData_NeverTagsTheKey()
    {
        var sourceName = "runflow-secret-test-" + Guid.NewGuid().ToString("N");
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var runflow = TestClient.Create(MixedServer());
        using var client = runflow.AsBuilder().UseOpenTelemetry(sourceName: sourceName, configure: o => o.EnableSensitiveData = true).Build();

        await ExerciseAsync(client);

        Assert.Equal(2, activities.Count);
        var values = activities.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(a.Events.Select(e => e.Name))).ToList();
        Assert.Contains(values, v => v.StartsWith("server.address=runflow.test", StringComparison.Ordinal));
        Assert.All(values, v => Assert.DoesNotContain(TestClient.ApiKey, v));
    }

    [Fact]
    public void Descriptions_NeverShowTheKey()
    {
        using var client = TestClient.Create(MixedServer());

        Assert.DoesNotContain(TestClient.ApiKey, TestClient.Options().ToString());
        Assert.DoesNotContain(TestClient.ApiKey, client.ToString());
        Assert.DoesNotContain(TestClient.ApiKey, client.GetService<ChatClientMetadata>()!.ProviderUri!.ToString());
    }

    private sealed class SingleLoggerFactory(Microsoft.Extensions.Logging.ILogger logger) : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}

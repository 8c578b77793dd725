using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

public sealed class RunflowResilienceServiceCollectionExtensionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ServiceProvider Build(RecordingHandler handler, TimeProvider time, Action<HttpStandardResilienceOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddRunflowChatClient(o => { o.Endpoint = new Uri("https://runflow.test/"); o.ApiKey = TestClient.ApiKey; o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "m"; });
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddRunflowResilience(configure: configure);
        return services.BuildServiceProvider();
    }

    private static RecordingHandler Sequence(params Func<HttpResponseMessage>[] responses)
    {
        var next = 0;
        return new RecordingHandler((_, _) => Task.FromResult(responses[Math.Min(Interlocked.Increment(ref next) - 1, responses.Length - 1)]()));
    }

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK) { Content = new StringContent(TestClient.HelloResponse, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Status(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("""{"error":"busy"}""", Encoding.UTF8, "application/json") };
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        }

        return response;
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowResilience_RetryAfter_WaitsExactlyThatLongThenRetries()
    {
        var time = new TimerTrackingTimeProvider();
        var handler = Sequence(() => Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)), Ok);
        await using var provider = Build(handler, time);

        var call = provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        // The clock moves only once the retry's 2 s delay exists on it, which also shows the wait runs on this clock,
        // not the real one; advancing earlier would skip nothing.
        TrackedTimer retryDelay = await time.WhenScheduledAsync(TimeSpan.FromSeconds(2)).WaitAsync(TestBounds.Event, Token);
        time.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.False(retryDelay.HasFired, "the retry came before Retry-After had passed");
        Assert.Single(handler.Requests);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(retryDelay.HasFired, "the retry did not come when Retry-After had passed");
        var response = await call.WaitAsync(TestBounds.Event, Token);

        Assert.Equal("Hello!", response.Text);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task AddRunflowResilience_TransientStatus_IsRetried(HttpStatusCode status)
    {
        var handler = Sequence(() => Status(status), Ok);
        await using var provider = Build(handler, TimeProvider.System, o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token);

        Assert.Equal("Hello!", response.Text);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory(Timeout = TestBounds.Test)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task AddRunflowResilience_PermanentStatus_IsNotRetried(HttpStatusCode status)
    {
        var handler = Sequence(() => Status(status), Ok);
        await using var provider = Build(handler, TimeProvider.System, o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<RunflowException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowResilience_RetriesExhausted_ThrowsTheLastRunflowException()
    {
        var handler = Sequence(() => Status(HttpStatusCode.ServiceUnavailable));
        await using var provider = Build(handler, TimeProvider.System, o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<RunflowException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowResilience_OpenCircuit_FailsWithRunflowException()
    {
        var handler = Sequence(() => Status(HttpStatusCode.InternalServerError));
        await using var provider = Build(handler, TimeProvider.System, o =>
        {
            o.Retry.MaxRetryAttempts = 1;
            o.Retry.Delay = TimeSpan.FromMilliseconds(1);
            o.CircuitBreaker.MinimumThroughput = 2;
            o.CircuitBreaker.FailureRatio = 0.5;
        });
        var client = provider.GetRequiredService<IChatClient>();

        await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));
        var sentBefore = handler.Requests.Count;
        var error = await Assert.ThrowsAsync<RunflowException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Equal(sentBefore, handler.Requests.Count);
        Assert.IsAssignableFrom<Polly.ExecutionRejectedException>(error.InnerException);
        Assert.Contains("circuit", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AddRunflowResilience_RaisesAShorterNetworkTimeoutToTheTotalTimeout()
    {
        var services = new ServiceCollection();
        services.AddRunflowChatClient(o => o.NetworkTimeout = TimeSpan.FromSeconds(5));
        services.AddKeyedRunflowChatClient("long", o => o.NetworkTimeout = TimeSpan.FromHours(1));
        services.AddRunflowResilience(configure: r => r.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(3));
        services.AddRunflowResilience("long");
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<RunflowClientOptions>>();

        Assert.Equal(TimeSpan.FromMinutes(3), monitor.Get(RunflowServiceCollectionExtensions.HttpClientName).NetworkTimeout);
        Assert.Equal(TimeSpan.FromHours(1), monitor.Get(RunflowServiceCollectionExtensions.GetHttpClientName("long")).NetworkTimeout);
    }

    [Fact]
    public void ApplyDefaults_SuitLongGenerations()
    {
        var options = new HttpStandardResilienceOptions();

        RunflowResilienceServiceCollectionExtensions.ApplyDefaults(options);

        Assert.Equal(TimeSpan.FromMinutes(10), options.AttemptTimeout.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.TotalRequestTimeout.Timeout);
        Assert.True(options.Retry.ShouldRetryAfterHeader);
        Assert.True(options.Retry.UseJitter);
        Assert.Equal(3, options.Retry.MaxRetryAttempts);
        Assert.True(options.CircuitBreaker.SamplingDuration >= 2 * options.AttemptTimeout.Timeout);
    }
}

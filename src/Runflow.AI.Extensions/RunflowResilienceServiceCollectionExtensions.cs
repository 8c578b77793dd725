using Microsoft.Extensions.Http.Resilience;
using Runflow.AI.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Opt-in resilience for the Runflow chat client's <see cref="HttpClient"/>, built on Microsoft.Extensions.Http.Resilience
/// with defaults suited to LLM calls.
/// </summary>
/// <remarks>
/// <para>Defaults (each can be changed in the <c>configure</c> callback):</para>
/// <list type="bullet">
/// <item><description>Retry: up to 3 retries of 408, 429, 5xx, connection failures and attempt timeouts, exponential
/// backoff from 2 s with jitter, waiting as long as a <c>Retry-After</c> header asks.</description></item>
/// <item><description>Attempt timeout: 10 minutes, so long generations finish. Total timeout: 30 minutes.</description></item>
/// <item><description>Circuit breaker: opens for 30 s when half of at least 20 calls in 20 minutes fail.</description></item>
/// </list>
/// <para><see cref="RunflowClientOptions.NetworkTimeout"/> spans all attempts, so it is raised to at least the total
/// request timeout; each attempt is bounded by the attempt timeout.</para>
/// <para>Resilience applies until the response headers arrive: a streamed body that has begun is never retried, so a
/// caller never sees the same text twice.</para>
/// <para>A resilience handler that every client inherits from <c>ConfigureHttpClientDefaults</c> (the Aspire ServiceDefaults'
/// <c>AddStandardResilienceHandler()</c>, whose 10 s attempt and 30 s total timeouts would end long generations) is removed
/// from the Runflow clients by their registration; this method adds Runflow's own in its place.</para>
/// </remarks>
public static class RunflowResilienceServiceCollectionExtensions
{
    /// <summary>Adds the standard resilience handler, with Runflow's defaults, to a Runflow registration's HTTP client.</summary>
    /// <param name="services">The service collection holding the registration.</param>
    /// <param name="serviceKey">The key of a keyed registration, or <see langword="null"/> for the default one.</param>
    /// <param name="configure">Changes the defaults.</param>
    /// <returns>The pipeline builder, for further configuration.</returns>
    public static IHttpStandardResiliencePipelineBuilder AddRunflowResilience(
        this IServiceCollection services, object? serviceKey = null, Action<HttpStandardResilienceOptions>? configure = null)
    {
        Throw.IfNull(services);
        var name = RunflowServiceCollectionExtensions.GetHttpClientName(serviceKey);

        // The client's own NetworkTimeout spans every attempt and the waits between them, so it must not be
        // shorter than the resilience total timeout, or it would cut retries short.
        var effective = new HttpStandardResilienceOptions();
        ApplyDefaults(effective);
        configure?.Invoke(effective);
        var total = effective.TotalRequestTimeout.Timeout;
        services.PostConfigure<RunflowClientOptions>(name, options =>
        {
            if (options.NetworkTimeout != Timeout.InfiniteTimeSpan && options.NetworkTimeout < total)
            {
                options.NetworkTimeout = total;
            }
        });

        return RunflowServiceCollectionExtensions.AddHttpClient(services, name)
            .AddStandardResilienceHandler(options =>
            {
                ApplyDefaults(options);
                configure?.Invoke(options);
            });
    }

    /// <summary>Sets the defaults documented on this class.</summary>
    /// <param name="options">The options to change.</param>
    public static void ApplyDefaults(HttpStandardResilienceOptions options)
    {
        Throw.IfNull(options);
        options.Retry.MaxRetryAttempts = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(2);
        options.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.ShouldRetryAfterHeader = true;
        options.AttemptTimeout.Timeout = TimeSpan.FromMinutes(10);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(30);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(20);
        options.CircuitBreaker.FailureRatio = 0.5;
        options.CircuitBreaker.MinimumThroughput = 20;
        options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
    }
}

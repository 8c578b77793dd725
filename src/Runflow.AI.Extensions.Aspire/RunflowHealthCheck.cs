using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Runflow.AI.Extensions.Aspire;

/// <summary>Checks that Runflow answers and accepts the key, with the tenant-discovery call: it costs no tokens.</summary>
/// <remarks>The result names the endpoint and the HTTP status, never the key.</remarks>
/// <param name="httpClientFactory">Makes the registration's own HTTP client.</param>
/// <param name="options">The registration's options.</param>
/// <param name="name">The registration's HTTP client and options name.</param>
internal sealed class RunflowHealthCheck(IHttpClientFactory httpClientFactory, IOptionsMonitor<RunflowClientOptions> options, string name) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        RunflowClientOptions current = options.Get(name);
        var address = new Uri(current.Endpoint, current.DiscoverPath);
        var data = new Dictionary<string, object> { ["endpoint"] = current.Endpoint.ToString() };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = DiscoverBody(current.ApiKey ?? "") };
            using HttpResponseMessage response = await httpClientFactory.CreateClient(name).SendAsync(request, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            data["status"] = status;
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"Runflow at {current.Endpoint} accepted the key.", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"Runflow at {current.Endpoint} answered HTTP {status} to tenant discovery.", data: data);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Runflow at {current.Endpoint} could not be reached.", ex, data);
        }
    }

    private static ByteArrayContent DiscoverBody(string apiKey)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiKey", apiKey);
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Refuses a POST to an endpoint before it is answered: a discovery body without a usable key (400), a missing (401)
/// or unaccepted (401) API key, and an embeddings request without <c>x-runflow-tenant-id</c> when
/// <see cref="RunflowEmulatorOptions.RequireTenantForEmbeddings"/> is set (400).
/// </summary>
/// <param name="options">The options.</param>
/// <param name="sender">Sends the refusals.</param>
internal sealed class RunflowEmulatorAccessMiddleware(RunflowEmulatorOptions options, RunflowEmulatorResponseSender sender)
{
    private const string TenantHeader = "x-runflow-tenant-id";

    private readonly string[] _apiKeys = options.ApiKeys.ToArray();

    /// <summary>Checks one request and passes it on, or refuses it.</summary>
    /// <param name="context">The HTTP context, which carries the <see cref="RunflowEmulatorExchange"/>.</param>
    /// <param name="next">The endpoints.</param>
    /// <returns>A task that completes when the answer is sent.</returns>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        RunflowEmulatorExchange exchange = context.Features.GetRequiredFeature<RunflowEmulatorExchange>();
        string method = context.Request.Method;
        bool answered = exchange.Endpoint == RunflowEmulatorEndpoint.Memory ? HttpMethods.IsGet(method) || HttpMethods.IsPut(method) : HttpMethods.IsPost(method);
        RunflowEmulatorResponsePlan? refusal = exchange.Endpoint == RunflowEmulatorEndpoint.None || !answered
            ? null
            : Check(exchange, context.Request.Headers);
        return refusal is null ? next(context) : sender.SendAsync(context, refusal);
    }

    private RunflowEmulatorResponsePlan? Check(RunflowEmulatorExchange exchange, IHeaderDictionary headers)
    {
        if (exchange.BodyError is { } bodyError)
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, bodyError);
        }

        if (exchange.ApiKey is not { } key)
        {
            string where = exchange.Endpoint == RunflowEmulatorEndpoint.Discover ? "as a non-blank apiKey in the body" : "in the x-api-key header or as Authorization: Bearer <key>";
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status401Unauthorized, $"Missing API key: send it {where}.");
        }

        if (_apiKeys.Length > 0 && !_apiKeys.Contains(key, StringComparer.Ordinal))
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status401Unauthorized, "Invalid API key.");
        }

        if (exchange.Endpoint == RunflowEmulatorEndpoint.Embeddings && options.RequireTenantForEmbeddings &&
            !headers[TenantHeader].Any(v => !string.IsNullOrWhiteSpace(v)))
        {
            return RunflowEmulatorResponsePlan.Error(StatusCodes.Status400BadRequest, $"{TenantHeader} header is required for embeddings.");
        }

        return null;
    }
}

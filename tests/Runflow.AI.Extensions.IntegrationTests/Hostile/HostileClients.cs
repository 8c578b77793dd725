using Microsoft.AspNetCore.Http;

namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>Clients and canned answers for the tests against a <see cref="HostileServer"/>.</summary>
internal static class HostileClients
{
    public const string ApiKey = "rf_live_Key+/=<>9";

    public static RunflowClientOptions Options(Uri endpoint, Action<RunflowClientOptions>? configure = null)
    {
        var options = new RunflowClientOptions();
        Configure(options, endpoint);
        configure?.Invoke(options);
        return options;
    }

    public static void Configure(RunflowClientOptions options, Uri endpoint)
    {
        options.Endpoint = endpoint;
        options.ApiKey = ApiKey;
        options.TenantId = "tenant_hostile";
        options.ProjectId = "proj_hostile";
        options.Provider = "openai";
        options.DefaultModelId = "gpt-4o";
        options.NetworkTimeout = TimeSpan.FromSeconds(20);
        options.StreamIdleTimeout = TimeSpan.FromSeconds(20);
    }

    public static RunflowChatClient Chat(Uri endpoint, Action<RunflowClientOptions>? configure = null, HttpClient? http = null) =>
        new(Options(endpoint, configure), http);

    /// <summary>Writes a status, headers and a body.</summary>
    public static Func<HttpContext, Task> Answer(int status, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(body, context.RequestAborted);
        };
}

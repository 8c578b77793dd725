using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Runflow.AI.Extensions.Testing;

/// <summary>
/// An OpenAI-compatible server on 127.0.0.1 for gateway-mode tests: it records every request and answers each with
/// the next queued answer, a recorded Chat Completions or Embeddings body, an event stream, an error or a hang.
/// </summary>
internal sealed class UpstreamStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<UpstreamStubAnswer> _answers = new();
    private readonly ConcurrentQueue<UpstreamStubRequest> _requests = new();
    private readonly WebApplication _app;

    private UpstreamStub(WebApplication app) => _app = app;

    /// <summary>Gets the base URL, such as <c>http://127.0.0.1:50123/v1/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets the requests received, in arrival order.</summary>
    public IReadOnlyList<UpstreamStubRequest> Requests => [.. _requests];

    public static async Task<UpstreamStub> StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        WebApplication app = builder.Build();
        var stub = new UpstreamStub(app);
        app.Run(stub.AnswerAsync);
        await app.StartAsync(cancellationToken);
        stub.BaseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{new Uri(app.Urls.First()).Port}/v1/"));
        return stub;
    }

    /// <summary>Queues the answer to the next request.</summary>
    public void Enqueue(UpstreamStubAnswer answer) => _answers.Enqueue(answer);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        _requests.Enqueue(new UpstreamStubRequest(
            context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.Headers.Authorization.FirstOrDefault(), body));

        if (!_answers.TryDequeue(out UpstreamStubAnswer? answer))
        {
            answer = UpstreamStubAnswer.Json("""{"error":{"message":"the stub has no answer queued"}}""", 500);
        }

        if (answer.Hangs)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = answer.ContentType;
        foreach ((string name, string value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        foreach (string chunk in answer.Chunks)
        {
            await context.Response.WriteAsync(chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (answer.BreaksOff)
        {
            await answer.BreakOffWhen.WaitAsync(TestBounds.Event, context.RequestAborted);
            context.Abort();
        }
    }
}

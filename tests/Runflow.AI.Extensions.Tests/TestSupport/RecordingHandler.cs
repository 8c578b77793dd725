using System.Net;
using System.Text;

namespace Runflow.AI.Extensions.Tests.TestSupport;

/// <summary>
/// The HTTP seam: records each request verbatim and answers with whatever the test scripts. A JSON body sent to a
/// Runflow JSON endpoint must meet the emulator's schema of it (<see cref="RequestSchemas"/>): one that does not fails
/// the test, with the fields it breaks, instead of being answered.
/// </summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _respond;

    public RecordingHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest Single => Assert.Single(Requests);

    /// <summary>Gets what the bodies sent broke of their schemas; the request that broke one also failed with it.</summary>
    public List<string> SchemaViolations { get; } = [];

    /// <summary>Gets how many bodies were checked against their schemas.</summary>
    public int SchemaChecks { get; private set; }

    /// <summary>Answers every request with the same JSON body.</summary>
    public static RecordingHandler Json(string body, HttpStatusCode status = HttpStatusCode.OK, Action<HttpResponseMessage>? configure = null) =>
        new((_, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            configure?.Invoke(response);
            return Task.FromResult(response);
        });

    /// <summary>Answers every request with a body of the given media type.</summary>
    public static RecordingHandler Text(string body, string mediaType, HttpStatusCode status = HttpStatusCode.OK) =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body) { BodyBytes = bytes });
        }

        if (RequestSchemas.For(request.RequestUri!) is { } schema && request.Content?.Headers.ContentType?.MediaType == "application/json")
        {
            List<string> errors = RequestSchemas.Errors(schema, body);
            lock (Requests)
            {
                SchemaChecks++;
                SchemaViolations.AddRange(errors);
            }

            Assert.True(errors.Count == 0, $"The body sent to {request.RequestUri!.AbsolutePath} breaks {schema}.schema.json: {string.Join("; ", errors)}");
        }

        return await _respond(request, cancellationToken);
    }
}

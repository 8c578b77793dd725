namespace Runflow.AI.Extensions.Testing;

/// <summary>What the <see cref="UpstreamStub"/> answers to one request.</summary>
internal sealed class UpstreamStubAnswer
{
    public int StatusCode { get; init; } = 200;

    public string ContentType { get; init; } = "application/json";

    /// <summary>Gets the body pieces, each written and flushed on its own.</summary>
    public IReadOnlyList<string> Chunks { get; init; } = [];

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets a value indicating whether the stub never answers, until the caller gives up.</summary>
    public bool Hangs { get; init; }

    /// <summary>Gets a value indicating whether the connection is dropped after the chunks.</summary>
    public bool BreaksOff { get; init; }

    /// <summary>Gets what a breaking-off answer waits for before it drops the connection, so the bytes it sent are read first.</summary>
    public Task BreakOffWhen { get; init; } = Task.CompletedTask;

    public static UpstreamStubAnswer Json(string body, int statusCode = 200) => new() { StatusCode = statusCode, Chunks = [body] };

    /// <summary>An event stream: each payload as a <c>data:</c> event, then <c>data: [DONE]</c> unless it breaks off.</summary>
    public static UpstreamStubAnswer Sse(IEnumerable<string> payloads, Task? breakOffWhen = null) => new()
    {
        ContentType = "text/event-stream",
        Chunks = [.. payloads.Select(p => $"data: {p}\n\n"), .. breakOffWhen is null ? ["data: [DONE]\n\n"] : Array.Empty<string>()],
        BreaksOff = breakOffWhen is not null,
        BreakOffWhen = breakOffWhen ?? Task.CompletedTask,
    };
}

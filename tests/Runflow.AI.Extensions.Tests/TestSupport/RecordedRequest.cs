namespace Runflow.AI.Extensions.Tests.TestSupport;

/// <summary>What a <see cref="RecordingHandler"/> saw of one request.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Gets the body's bytes, for bodies that are not text (multipart uploads).</summary>
    public byte[] BodyBytes { get; init; } = [];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

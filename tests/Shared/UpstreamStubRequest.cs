namespace Runflow.AI.Extensions.Testing;

/// <summary>A request the <see cref="UpstreamStub"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/v1/chat/completions</c>.</param>
/// <param name="Authorization">The <c>Authorization</c> header, if any.</param>
/// <param name="Body">The body text.</param>
internal sealed record UpstreamStubRequest(string Method, string Path, string? Authorization, string Body);

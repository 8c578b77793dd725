namespace Runflow.AI.Extensions.IntegrationTests.Hostile;

/// <summary>What reached a <see cref="HostileServer"/>: method, path with query, every header and the body.</summary>
internal sealed record HostileRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

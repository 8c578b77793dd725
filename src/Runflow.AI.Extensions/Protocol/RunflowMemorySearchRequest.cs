namespace Runflow.AI.Extensions.Protocol;

/// <summary>The body of a memory search: <c>{ query, limit? }</c>; Runflow's default limit is 50.</summary>
internal sealed class RunflowMemorySearchRequest
{
    public required string Query { get; init; }

    public int? Limit { get; set; }
}

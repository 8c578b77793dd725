namespace Runflow.AI.Extensions.Aspire;

/// <summary>Marks a connection's health check as added, so its chat client and embedding generator add one between them
/// (the health-check service refuses two checks of one name).</summary>
/// <param name="Name">The health check's name.</param>
internal sealed record RunflowHealthCheckRegistration(string Name);

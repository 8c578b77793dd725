namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A nested tool parameter with an optional member.</summary>
public sealed record ContractPersonRecord(string Name, int Age = 42);

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>An enum for structured output.</summary>
public enum ContractJobType
{
    Wombat,
    PopStar,
    Programmer,
    Unknown,
}

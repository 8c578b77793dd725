namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>The structured-output type of the contract tests.</summary>
public sealed class ContractPerson
{
    public string? FullName { get; set; }

    public int AgeInYears { get; set; }

    public string? HomeTown { get; set; }

    public ContractJobType Job { get; set; }
}

namespace Runflow.AI.Extensions.Emulator.Wire;

/// <summary>A tenant-discovery body.</summary>
internal sealed record RunflowEmulatorDiscoveryRequestDto(string ApiKey);

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A tenant-discovery body.</summary>
internal sealed record RunflowEmulatorDiscoveryRequestDto(string ApiKey);

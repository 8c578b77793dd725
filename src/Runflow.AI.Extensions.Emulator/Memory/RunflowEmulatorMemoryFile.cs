namespace Runflow.AI.Extensions.Emulator;

/// <summary>What <see cref="RunflowEmulatorOptions.MemoryStorePath"/> holds: every memory, least recently used first.</summary>
/// <param name="Sessions">The memories.</param>
internal sealed record RunflowEmulatorMemoryFile(List<RunflowEmulatorMemorySession> Sessions);

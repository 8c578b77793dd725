using Runflow.AI.Extensions.Emulator;

namespace Runflow.AI.Extensions.Emulator.Tool;

/// <summary>What the command line asks for: the emulator's options, console logging, or the usage text.</summary>
internal sealed class RunflowEmulatorToolArguments
{
    /// <summary>Gets the emulator's options.</summary>
    public required RunflowEmulatorOptions Options { get; init; }

    /// <summary>Gets a value indicating whether every request is logged to the console.</summary>
    public bool Verbose { get; init; }

    /// <summary>Gets a value indicating whether only the usage text is asked for.</summary>
    public bool Help { get; init; }
}

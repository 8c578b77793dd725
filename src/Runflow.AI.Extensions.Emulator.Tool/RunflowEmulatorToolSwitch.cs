namespace Runflow.AI.Extensions.Emulator.Tool;

/// <summary>One switch of the command line.</summary>
/// <param name="Name">The long form, such as <c>--port</c>.</param>
/// <param name="ShortName">The short form, such as <c>-p</c>, or <see langword="null"/> for a switch with only a long form.</param>
/// <param name="Key">The configuration key it sets: <c>Emulator:…</c> binds to the emulator's options, <c>Tool:…</c> is the tool's own.</param>
/// <param name="Expected">What a value must be, for the error message, or <see langword="null"/> for a flag, which takes none.</param>
/// <param name="IsValid">Whether a value is acceptable; a flag's is never asked.</param>
/// <param name="IsRepeatable">Whether each use adds a value instead of replacing it.</param>
/// <param name="IsSecret">Whether a value can carry a credential, so an error never repeats it.</param>
internal sealed record RunflowEmulatorToolSwitch(
    string Name, string? ShortName, string Key, string? Expected, Func<string, bool> IsValid, bool IsRepeatable = false, bool IsSecret = false)
{
    /// <summary>Gets a value indicating whether the switch is a flag, set by its presence alone.</summary>
    public bool IsFlag => Expected is null;
}

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The emulator's <c>{ "success": false }</c>, the documented answer to a GET of a memory it does not know.</summary>
internal sealed record RunflowEmulatorMemoryFailure
{
    /// <summary>Gets <see langword="false"/>.</summary>
    public bool Success => false;
}

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A tool call in a scripted <see cref="RunflowEmulatorReply"/>.</summary>
public sealed class RunflowEmulatorToolCall
{
    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorToolCall"/> class.</summary>
    /// <param name="name">The name of the tool to call.</param>
    /// <param name="arguments">The arguments as JSON text, sent as a JSON string as the contract says.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or blank.</exception>
    public RunflowEmulatorToolCall(string name, string arguments = "{}")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(arguments);
        Name = name;
        Arguments = arguments;
    }

    /// <summary>Gets the call id.</summary>
    /// <value>The default is <see langword="null"/>: the emulator numbers the calls <c>call_1</c>, <c>call_2</c>, … in reply order.</value>
    public string? Id { get; init; }

    /// <summary>Gets the name of the tool to call.</summary>
    public string Name { get; }

    /// <summary>Gets the arguments as JSON text.</summary>
    public string Arguments { get; }
}

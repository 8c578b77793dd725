namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// A schema asked for more work or a larger instance than <see cref="RunflowEmulatorSchemaBudget"/> allows; the
/// request is answered with HTTP 400 naming the field that holds the schema.
/// </summary>
internal sealed class RunflowEmulatorSchemaLimitException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RunflowEmulatorSchemaLimitException"/> class.</summary>
    /// <param name="reason">What the schema does, worded to follow the field's name: <c>is recursive beyond 32 levels</c>.</param>
    public RunflowEmulatorSchemaLimitException(string reason)
        : this(null, reason)
    {
    }

    private RunflowEmulatorSchemaLimitException(string? field, string reason)
        : base($"{field ?? "The schema"} {reason}.")
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>Gets the request field that holds the schema, such as <c>tools[0].function.parameters</c>, once known.</summary>
    public string? Field { get; }

    /// <summary>Gets what the schema does.</summary>
    public string Reason { get; }

    /// <summary>Names the field that holds the schema, unless one is named already.</summary>
    /// <param name="field">The field.</param>
    /// <returns>An exception whose message starts with the field.</returns>
    public RunflowEmulatorSchemaLimitException At(string field) => Field is null ? new(field, Reason) : this;
}

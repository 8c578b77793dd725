namespace Runflow.AI.Extensions.Protocol;

/// <summary>A function the model may call, in OpenAI's tool shape; <see cref="RunflowToolsConverter"/> writes it once per function.</summary>
internal sealed class RunflowTool
{
    public string Type => "function";

    public required RunflowFunctionDefinition Function { get; init; }
}

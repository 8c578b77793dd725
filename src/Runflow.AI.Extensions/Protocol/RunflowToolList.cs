using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>A request's functions: the <see cref="AIFunctionDeclaration"/>s among the options' tools, written as
/// <c>tools</c> by <see cref="RunflowToolsConverter"/>.</summary>
/// <remarks>A struct with a converter named on the type: a converter named on a property would take the request off
/// the serializer's generated fast path, and the list costs no object of its own.</remarks>
[JsonConverter(typeof(RunflowToolsConverter))]
internal readonly struct RunflowToolList
{
    /// <summary>Initializes a new instance of the <see cref="RunflowToolList"/> struct.</summary>
    /// <param name="tools">The options' tools, checked by the request mapper; only the functions among them are written.</param>
    public RunflowToolList(IList<AITool> tools) => Tools = tools;

    /// <summary>Gets the options' tools.</summary>
    public IList<AITool>? Tools { get; }
}

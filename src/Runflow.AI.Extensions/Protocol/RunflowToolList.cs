using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>A request's functions, written as <c>tools</c> by <see cref="RunflowToolsConverter"/>.</summary>
/// <remarks>A type of its own because a converter named on the type, unlike one named on a property, keeps the request
/// on the serializer's generated fast path.</remarks>
[JsonConverter(typeof(RunflowToolsConverter))]
internal sealed class RunflowToolList : List<AIFunctionDeclaration>;

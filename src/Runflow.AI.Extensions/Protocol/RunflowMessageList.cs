using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>A request's messages, written as <c>messages</c> straight from the caller's <see cref="ChatMessage"/>s by
/// <see cref="RunflowMessageListConverter"/>.</summary>
/// <remarks>The messages must have passed <see cref="RunflowMessageWriter.Validate"/>. A struct with a converter named
/// on the type: the request stays on the serializer's generated fast path and costs no object for the list.</remarks>
[JsonConverter(typeof(RunflowMessageListConverter))]
internal readonly struct RunflowMessageList
{
    /// <summary>Initializes a new instance of the <see cref="RunflowMessageList"/> struct.</summary>
    /// <param name="messages">The validated messages.</param>
    public RunflowMessageList(IList<ChatMessage> messages) => Messages = messages;

    /// <summary>Gets the messages.</summary>
    public IList<ChatMessage>? Messages { get; }
}

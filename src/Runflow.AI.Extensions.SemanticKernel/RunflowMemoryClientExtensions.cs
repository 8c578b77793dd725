using Microsoft.SemanticKernel.ChatCompletion;
using Runflow.AI.Extensions;
using Runflow.AI.Extensions.SemanticKernel;

namespace Microsoft.SemanticKernel;

/// <summary>Keeps a Semantic Kernel <see cref="ChatHistory"/> in Runflow's conversation memory: load it at the start of
/// a conversation, append each new message after a turn, and the conversation outlives the process.</summary>
/// <remarks>Messages go through Microsoft.Extensions.AI's <c>ChatMessage</c>, so function calls and their results (what
/// <c>FunctionChoiceBehavior.Auto()</c> adds to the history) are kept as
/// <see cref="RunflowMemoryMessage.FromChatMessage"/> describes and come back as <see cref="FunctionCallContent"/> and
/// <see cref="FunctionResultContent"/>.</remarks>
public static class RunflowMemoryClientExtensions
{
    /// <summary>Loads a memory's messages as a chat history, oldest first.</summary>
    /// <param name="memoryClient">The Runflow memory client.</param>
    /// <param name="memoryId">The memory's id, such as <c>user:alice</c> or a session id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The history; empty for a memory Runflow does not know yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="memoryClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    public static async Task<ChatHistory> LoadChatHistoryAsync(this RunflowMemoryClient memoryClient, string memoryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memoryClient);
        RunflowMemory? memory = await memoryClient.GetAsync(memoryId, cancellationToken).ConfigureAwait(false);
        return memory is null ? [] : new ChatHistory(memory.Messages.Select(m => RunflowChatMessageContentMapper.ToChatMessageContent(m.ToChatMessage())));
    }

    /// <summary>Appends one chat message to a memory.</summary>
    /// <param name="memoryClient">The Runflow memory client.</param>
    /// <param name="memoryId">The memory's id.</param>
    /// <param name="message">The message: a user or assistant message, a function call or a function result.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Runflow has stored the message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="memoryClient"/> or <paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="memoryId"/> is not a usable id.</exception>
    /// <exception cref="RunflowException">The call failed.</exception>
    public static Task AppendAsync(this RunflowMemoryClient memoryClient, string memoryId, ChatMessageContent message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memoryClient);
        ArgumentNullException.ThrowIfNull(message);
        return memoryClient.AppendAsync(memoryId, RunflowMemoryMessage.FromChatMessage(message.ToChatMessage()), cancellationToken);
    }
}

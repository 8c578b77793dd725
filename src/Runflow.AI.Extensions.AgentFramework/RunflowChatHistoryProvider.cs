using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.AgentFramework;

/// <summary>
/// A <see cref="ChatHistoryProvider"/> that keeps an agent session's conversation in Runflow's memory instead of the
/// process: each run loads the session's messages from Runflow and appends the run's new ones, so a restarted service,
/// or another replica behind the same load balancer, continues the same conversation.
/// </summary>
/// <remarks>
/// <para>The session keeps only the memory's id, in its state bag, so <see cref="AIAgent.SerializeSessionAsync"/> and
/// <see cref="AIAgent.DeserializeSessionAsync"/> carry the conversation to another process. A new session gets a new
/// id from the factory given to the constructor (a GUID by default); give one such as <c>user:alice</c> to key the
/// conversation by something else.</para>
/// <para>Stored are the caller's messages and every response message, tool calls and tool results included (see
/// <see cref="RunflowMemoryMessage.FromChatMessage"/> for how); messages added by <see cref="AIContextProvider"/>s and
/// those loaded from history are not stored again. A run that fails stores nothing.</para>
/// </remarks>
public sealed class RunflowChatHistoryProvider : ChatHistoryProvider
{
    private readonly RunflowMemoryClient _memory;
    private readonly ProviderSessionState<RunflowChatHistoryState> _state;

    /// <summary>Initializes a new instance of the <see cref="RunflowChatHistoryProvider"/> class.</summary>
    /// <param name="memoryClient">The Runflow memory client; the provider does not dispose it.</param>
    /// <param name="memoryIdFactory">Gives a new session its memory id; a GUID without dashes when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="memoryClient"/> is <see langword="null"/>.</exception>
    public RunflowChatHistoryProvider(RunflowMemoryClient memoryClient, Func<AgentSession?, string>? memoryIdFactory = null)
        : base(provideOutputMessageFilter: null, storeInputRequestMessageFilter: OnlyExternal, storeInputResponseMessageFilter: null)
    {
        ArgumentNullException.ThrowIfNull(memoryClient);
        _memory = memoryClient;
        Func<AgentSession?, string> factory = memoryIdFactory ?? (static _ => Guid.NewGuid().ToString("N"));
        _state = new ProviderSessionState<RunflowChatHistoryState>(
            session => new RunflowChatHistoryState { MemoryId = factory(session) },
            nameof(RunflowChatHistoryProvider),
            RunflowAgentFrameworkJsonContext.Default.Options);
    }

    /// <summary>Gets the id of the Runflow memory that holds a session's conversation, giving the session one if it has none.</summary>
    /// <param name="session">The session.</param>
    /// <returns>The memory's id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is <see langword="null"/>.</exception>
    public string GetMemoryId(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        RunflowChatHistoryState state = _state.GetOrInitializeState(session);
        _state.SaveState(session, state);
        return state.MemoryId;
    }

    /// <inheritdoc />
    protected override async ValueTask<IEnumerable<ChatMessage>> ProvideChatHistoryAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Session is not { } session)
        {
            return [];
        }

        RunflowMemory? memory = await _memory.GetAsync(GetMemoryId(session), cancellationToken).ConfigureAwait(false);
        return memory is null ? [] : memory.Messages.Select(m => m.ToChatMessage()).ToList();
    }

    /// <inheritdoc />
    protected override async ValueTask StoreChatHistoryAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Session is not { } session || context.InvokeException is not null)
        {
            return;
        }

        string memoryId = GetMemoryId(session);

        // One append per message, in order: the endpoint takes one message at a time.
        foreach (ChatMessage message in context.RequestMessages.Concat(context.ResponseMessages ?? []))
        {
            await _memory.AppendAsync(memoryId, RunflowMemoryMessage.FromChatMessage(message), cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<ChatMessage> OnlyExternal(IEnumerable<ChatMessage> messages) =>
        messages.Where(m => m.GetAgentRequestMessageSourceType() == AgentRequestMessageSourceType.External);
}

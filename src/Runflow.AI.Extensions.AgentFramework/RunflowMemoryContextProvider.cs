using System.Text;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.AgentFramework;

/// <summary>
/// An <see cref="AIContextProvider"/> that recalls from a Runflow memory: before each run it searches the memory with
/// the caller's new messages and gives the model the best matches as instructions; after each run it appends the
/// caller's text messages to the memory, so what a user said in one conversation is found in the next.
/// </summary>
/// <remarks>
/// Which memory is searched is the caller's choice, typically one per user (<c>user:alice</c>) shared by all of that
/// user's sessions; with <see cref="RunflowChatHistoryProvider"/> each session then keeps its own history, and this
/// provider brings back what matters from the others. The matches travel as instructions, which apply to the one run and
/// are never stored as history.
/// </remarks>
public sealed class RunflowMemoryContextProvider : AIContextProvider
{
    private readonly RunflowMemoryClient _memory;
    private readonly Func<AgentSession?, string> _memoryId;
    private readonly int _limit;
    private readonly bool _rememberCallerMessages;

    /// <summary>Initializes a new instance of the <see cref="RunflowMemoryContextProvider"/> class.</summary>
    /// <param name="memoryClient">The Runflow memory client; the provider does not dispose it.</param>
    /// <param name="memoryId">Names the memory to search and remember in, for a run's session (<see langword="null"/>
    /// for a run without one).</param>
    /// <param name="limit">The most matches given to the model.</param>
    /// <param name="rememberCallerMessages">Whether the caller's text messages are appended to the memory after a successful run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="memoryClient"/> or <paramref name="memoryId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public RunflowMemoryContextProvider(RunflowMemoryClient memoryClient, Func<AgentSession?, string> memoryId, int limit = 5, bool rememberCallerMessages = true)
    {
        ArgumentNullException.ThrowIfNull(memoryClient);
        ArgumentNullException.ThrowIfNull(memoryId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _memory = memoryClient;
        _memoryId = memoryId;
        _limit = limit;
        _rememberCallerMessages = rememberCallerMessages;
    }

    /// <inheritdoc />
    protected override async ValueTask<AIContext> ProvideAIContextAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        string query = string.Join("\n", (context.AIContext.Messages ?? []).Where(m => m.Role == ChatRole.User).Select(m => m.Text).Where(t => !string.IsNullOrWhiteSpace(t)));
        if (query.Length == 0)
        {
            return new AIContext();
        }

        IReadOnlyList<RunflowMemoryMessage> matches = await _memory.SearchAsync(_memoryId(context.Session), query, _limit, cancellationToken).ConfigureAwait(false);

        // What the caller just said matches itself best, and tells the model nothing new.
        List<string> recalled = [.. matches.Select(m => m.Content).Where(c => !query.Contains(c, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
        if (recalled.Count == 0)
        {
            return new AIContext();
        }

        var instructions = new StringBuilder("Things the user said in earlier conversations, which may help:");
        foreach (string text in recalled)
        {
            instructions.Append("\n- ").Append(text);
        }

        return new AIContext { Instructions = instructions.ToString() };
    }

    /// <inheritdoc />
    protected override async ValueTask StoreAIContextAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_rememberCallerMessages || context.InvokeException is not null)
        {
            return;
        }

        string memoryId = _memoryId(context.Session);
        foreach (ChatMessage message in context.RequestMessages.Where(m => m.Role == ChatRole.User && !string.IsNullOrWhiteSpace(m.Text)))
        {
            await _memory.AppendAsync(memoryId, new RunflowMemoryMessage(ChatRole.User, message.Text), cancellationToken).ConfigureAwait(false);
        }
    }
}

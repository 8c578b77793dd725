namespace Runflow.AI.Extensions.AgentFramework;

/// <summary>What a session keeps of <see cref="RunflowChatHistoryProvider"/>: the id of the Runflow memory that holds its messages.</summary>
internal sealed class RunflowChatHistoryState
{
    /// <summary>Gets or sets the memory's id.</summary>
    public required string MemoryId { get; set; }
}

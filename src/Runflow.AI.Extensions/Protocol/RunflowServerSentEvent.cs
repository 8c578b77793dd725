namespace Runflow.AI.Extensions.Protocol;

/// <summary>One event of a <c>text/event-stream</c> body: its <c>event:</c> type, if any, and its data.</summary>
internal readonly record struct RunflowServerSentEvent(string? Type, string Data);

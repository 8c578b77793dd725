/// <summary>The answer of <c>/chat</c>.</summary>
/// <param name="Answer">The agent's reply.</param>
internal sealed record ChatAnswer(string Answer);

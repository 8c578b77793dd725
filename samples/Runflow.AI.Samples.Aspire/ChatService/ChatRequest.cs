/// <summary>The body of <c>POST /chat</c>.</summary>
/// <param name="Message">What the user says.</param>
internal sealed record ChatRequest(string Message);

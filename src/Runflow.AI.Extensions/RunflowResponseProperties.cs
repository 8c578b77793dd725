namespace Runflow.AI.Extensions;

/// <summary>
/// The keys under which Runflow clients put what Runflow reports beside an answer, in the <c>AdditionalProperties</c>
/// of <see cref="Microsoft.Extensions.AI.ChatResponse"/>, <see cref="Microsoft.Extensions.AI.ChatResponseUpdate"/> and
/// <see cref="Microsoft.Extensions.AI.GeneratedEmbeddings{TEmbedding}"/>.
/// </summary>
public static class RunflowResponseProperties
{
    /// <summary>
    /// The key of the request id Runflow answered with (<c>x-request-id</c>, <c>request-id</c>, <c>x-runflow-request-id</c>
    /// or <c>x-correlation-id</c>), a <see cref="string"/> to quote in a support request; absent when Runflow sent none.
    /// </summary>
    /// <remarks>
    /// A streamed response carries it on its last update (which <c>ToChatResponse</c> moves to the response's message). Embeddings that took several requests list each request's id
    /// in order, separated by commas. The value is redacted like everything else the server reflects: the API key never
    /// appears in it. A failed call has it in <see cref="RunflowException.RequestId"/> instead.
    /// </remarks>
    public const string RequestId = "runflow.request_id";
}

using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Meai = Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.SemanticKernel;

/// <summary>Turns a Microsoft.Extensions.AI message back into Semantic Kernel's, which ships only the other direction
/// (<see cref="ChatMessageContentExtensions.ToChatMessage"/>) publicly.</summary>
internal static class RunflowChatMessageContentMapper
{
    /// <summary>The message as Semantic Kernel content: its text, function calls and function results.</summary>
    public static ChatMessageContent ToChatMessageContent(Meai.ChatMessage message)
    {
        var items = new ChatMessageContentItemCollection();
        foreach (Meai.AIContent content in message.Contents)
        {
            KernelContent? item = content switch
            {
                Meai.TextContent text => new TextContent(text.Text),
                Meai.FunctionCallContent call => new FunctionCallContent(call.Name, id: call.CallId, arguments: call.Arguments is null ? null : new KernelArguments(call.Arguments)),
                Meai.FunctionResultContent result => new FunctionResultContent(callId: result.CallId, result: result.Result),
                _ => null,
            };

            if (item is not null)
            {
                items.Add(item);
            }
        }

        return new ChatMessageContent(new AuthorRole(message.Role.Value), items) { AuthorName = message.AuthorName };
    }
}

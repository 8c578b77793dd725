using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Writes Microsoft.Extensions.AI messages as the request's <c>messages</c>, straight from the messages.</summary>
/// <remarks>
/// <para>A message whose contents are all text keeps a plain string <c>content</c>. A user message that also holds
/// images or files gets OpenAI-style parts, in their order: each run of text as one <c>text</c> part, <c>image/*</c>
/// bytes or links as <c>image_url</c>, a <see cref="HostedFileContent"/> as <c>file</c> with its id, and any other
/// file as <c>file_url</c> (bytes as a <c>data:</c> URI). OpenAI's format, which Runflow takes for every provider, has
/// no place for an image or file in a system, assistant or tool message, so there they are refused; audio is refused
/// everywhere, since Runflow documents no audio input for chat.</para>
/// <para>A tool result that holds images or files (a <see cref="FunctionResultContent.Result"/> that is an
/// <see cref="AIContent"/> or a list of them) is never written into text as base64: a <c>tool</c> message takes only
/// text, so it carries the result's text and, for each image or file, a label such as
/// <c>[image result: image/png, 12,345 bytes, follows in the next user message]</c>; the images and files themselves
/// go as parts of one user message placed right after the run of tool messages, each call's introduced by
/// <c>[returned by tool call call_1]</c>. The tool messages still directly follow the assistant's tool calls, as every
/// provider requires, and the model sees the pixels.</para>
/// <para><see cref="Validate"/> checks every content before anything is written, so bad input fails with its own
/// exception and nothing sent; <see cref="Write"/> then needs no wire object per message.</para>
/// </remarks>
internal static class RunflowMessageWriter
{
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo ArgumentsTypeInfo =
        RunflowJson.PayloadOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    // Names and fixed values, encoded once: written from a string, each would be scanned for escapes and transcoded
    // on every message of every call.
    private static readonly JsonEncodedText RoleName = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText ContentName = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText ToolCallIdName = JsonEncodedText.Encode("tool_call_id");
    private static readonly JsonEncodedText ToolCallsName = JsonEncodedText.Encode("tool_calls");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ArgumentsName = JsonEncodedText.Encode("arguments");
    private static readonly JsonEncodedText UserRole = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText AssistantRole = JsonEncodedText.Encode("assistant");
    private static readonly JsonEncodedText SystemRole = JsonEncodedText.Encode("system");
    private static readonly JsonEncodedText ToolRole = JsonEncodedText.Encode("tool");

    /// <summary>Checks that every content can be carried and that there is something to send.</summary>
    /// <exception cref="NotSupportedException">A content cannot be carried by Runflow; the message names its type and media type.</exception>
    /// <exception cref="ArgumentException">There is nothing to send.</exception>
    public static void Validate(IList<ChatMessage> messages)
    {
        var anything = false;

        // An index loop: enumerating through the interface would allocate an enumerator per call.
        for (var i = 0; i < messages.Count; i++)
        {
            anything |= ValidateMessage(Throw.IfNull(messages[i]));
        }

        if (!anything)
        {
            throw new ArgumentException(
                messages.Count == 0
                    ? "There are no messages to send; Runflow needs at least one."
                    : "None of the messages holds anything Runflow can carry (text, images, files, tool calls or tool results): only reasoning, usage or approval contents.",
                nameof(messages));
        }
    }

    /// <summary>Writes the messages, checked by <see cref="Validate"/>, as a JSON array.</summary>
    public static void Write(Utf8JsonWriter writer, IList<ChatMessage>? messages)
    {
        List<RunflowContentPart>? attachments = null;
        writer.WriteStartArray();
        for (var i = 0; messages is not null && i < messages.Count; i++)
        {
            WriteMessage(writer, messages[i], ref attachments);
        }

        WriteAttachments(writer, ref attachments);
        writer.WriteEndArray();
    }

    /// <summary>Checks one message's contents; returns whether anything of it goes on the wire.</summary>
    private static bool ValidateMessage(ChatMessage message)
    {
        var contents = message.Contents;
        var written = contents.Count == 0;
        for (var i = 0; i < contents.Count; i++)
        {
            var content = contents[i];
            switch (content)
            {
                case TextContent or FunctionCallContent:
                    written = true;
                    break;

                case DataContent or UriContent or HostedFileContent:
                    if (message.Role != ChatRole.User)
                    {
                        throw new NotSupportedException(
                            $"Runflow carries images and files in user messages only: {Describe(content)} in a message of role '{message.Role}' has no place in OpenAI's message format, which Runflow takes for every provider. Send it in a user message.");
                    }

                    _ = ToPart(content, "a user message");
                    written = true;
                    break;

                case FunctionResultContent { Result: var result }:
                    if (result is AIContent single)
                    {
                        CheckAttachment(single);
                    }
                    else if (result is IEnumerable<AIContent> many)
                    {
                        foreach (var part in many)
                        {
                            CheckAttachment(part);
                        }
                    }

                    written = true;
                    break;

                // Earlier reasoning, usage, errors and approval requests only steer middleware; the wire has no place for them.
                case TextReasoningContent or UsageContent or ErrorContent or InputRequestContent or InputResponseContent:
                    break;

                default:
                    throw CannotCarry(message, content);
            }
        }

        return written;

        static void CheckAttachment(AIContent? part)
        {
            if (part is DataContent or UriContent or HostedFileContent)
            {
                _ = ToPart(part, "a tool result");
            }
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, ref List<RunflowContentPart>? attachments)
    {
        string? text = null;
        StringBuilder? joined = null;
        List<RunflowContentPart>? parts = null;
        var toolCalls = false;
        var contents = message.Contents;
        var carried = contents.Count == 0;

        for (var i = 0; i < contents.Count; i++)
        {
            var content = contents[i];
            switch (content)
            {
                case TextContent { Text: var part }:
                    carried = true;
                    if (text is null)
                    {
                        text = part;
                    }
                    else
                    {
                        joined ??= new StringBuilder(text);
                        joined.Append(part);
                    }

                    break;

                case DataContent or UriContent or HostedFileContent:
                    carried = true;
                    var filePart = ToPart(content, "a user message");
                    parts ??= [];
                    AddText(parts, ref text, ref joined);
                    parts.Add(filePart);
                    break;

                case FunctionCallContent:
                    carried = toolCalls = true;
                    break;

                case FunctionResultContent functionResult:
                    writer.WriteStartObject();
                    writer.WriteString(RoleName, ToolRole);
                    writer.WriteString(ContentName, SerializeResult(functionResult, ref attachments));
                    writer.WriteString(ToolCallIdName, functionResult.CallId);
                    writer.WriteEndObject();
                    break;

                case TextReasoningContent or UsageContent or ErrorContent or InputRequestContent or InputResponseContent:
                    break;

                // Only when the messages changed after they were checked.
                default:
                    throw CannotCarry(message, content);
            }
        }

        if (!carried)
        {
            return;
        }

        if (message.Role != ChatRole.Tool)
        {
            // Images returned by tools wait until the run of tool messages ends: nothing may come between an
            // assistant's tool calls and their results.
            WriteAttachments(writer, ref attachments);
        }

        // content is written on every message, null for one that only calls tools: OpenAI-style servers expect the field.
        writer.WriteStartObject();
        WriteRole(writer, message.Role);
        writer.WritePropertyName(ContentName);
        if (parts is not null)
        {
            AddText(parts, ref text, ref joined);
            JsonSerializer.Serialize(writer, parts, RunflowJson.BodyContext.ListRunflowContentPart);
        }
        else if ((joined?.ToString() ?? text) is { } whole)
        {
            writer.WriteStringValue(whole);
        }
        else if (toolCalls)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(string.Empty);
        }

        if (toolCalls)
        {
            writer.WriteStartArray(ToolCallsName);
            for (var i = 0; i < contents.Count; i++)
            {
                if (contents[i] is FunctionCallContent call)
                {
                    writer.WriteStartObject();
                    writer.WriteString(IdName, call.CallId);
                    writer.WriteString(TypeName, FunctionName);
                    writer.WriteStartObject(FunctionName);
                    writer.WriteString(NameName, call.Name);
                    writer.WriteString(ArgumentsName, SerializeArguments(call.Arguments));
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        if (message.AuthorName is { } name)
        {
            writer.WriteString(NameName, name);
        }

        writer.WriteEndObject();
    }

    /// <summary>Ends a run of text as one part; an empty run is left out, as providers refuse empty text blocks.</summary>
    private static void AddText(List<RunflowContentPart> parts, ref string? text, ref StringBuilder? joined)
    {
        var run = joined?.ToString() ?? text;
        if (!string.IsNullOrEmpty(run))
        {
            parts.Add(RunflowContentPart.ForText(run));
        }

        text = null;
        joined = null;
    }

    private static void WriteAttachments(Utf8JsonWriter writer, ref List<RunflowContentPart>? attachments)
    {
        if (attachments is not null)
        {
            writer.WriteStartObject();
            writer.WriteString(RoleName, UserRole);
            writer.WritePropertyName(ContentName);
            JsonSerializer.Serialize(writer, attachments, RunflowJson.BodyContext.ListRunflowContentPart);
            writer.WriteEndObject();
            attachments = null;
        }
    }

    /// <summary>Maps an image or a file; <paramref name="holder"/> names where it was, for the exception.</summary>
    /// <exception cref="NotSupportedException">It is audio, or a link Runflow cannot reach.</exception>
    private static RunflowContentPart ToPart(AIContent content, string holder)
    {
        switch (content)
        {
            case DataContent data:
                RefuseAudio(data.HasTopLevelMediaType("audio"), content, holder);
                return data.HasTopLevelMediaType("image") ? RunflowContentPart.ForImage(data.Uri) : RunflowContentPart.ForFileUrl(data.Uri);

            case UriContent link:
                RefuseAudio(link.HasTopLevelMediaType("audio"), content, holder);
                var uri = link.Uri;
                if (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https" or "data"))
                {
                    throw new NotSupportedException(
                        $"Runflow cannot reach {Describe(content)} in {holder}: its URI is not an http, https or data URI. Load the bytes into a {nameof(DataContent)} instead.");
                }

                return link.HasTopLevelMediaType("image") ? RunflowContentPart.ForImage(uri.AbsoluteUri) : RunflowContentPart.ForFileUrl(uri.AbsoluteUri);

            default:
                var file = (HostedFileContent)content;
                RefuseAudio(file.HasTopLevelMediaType("audio"), content, holder);
                return RunflowContentPart.ForFileId(file.FileId);
        }
    }

    private static void RefuseAudio(bool isAudio, AIContent content, string holder)
    {
        if (isAudio)
        {
            throw new NotSupportedException(
                $"Runflow's chat endpoint takes no audio: {holder} holds {Describe(content)}. Transcribe it first and send the text.");
        }
    }

    private static NotSupportedException CannotCarry(ChatMessage message, AIContent content) =>
        new($"Runflow's chat endpoint carries text, images, files, tool calls and tool results; a {message.Role} message holds {Describe(content)}, which it cannot send.");

    private static string Describe(AIContent content) => content switch
    {
        DataContent data => $"a {nameof(DataContent)} ({data.MediaType})",
        UriContent uri => $"a {nameof(UriContent)} ({uri.MediaType})",
        HostedFileContent { MediaType: { } mediaType } => $"a {nameof(HostedFileContent)} ({mediaType})",
        _ => $"a {content.GetType().Name}",
    };

    /// <summary>Writes the role: the four Runflow knows in lower case, any other as it is.</summary>
    private static void WriteRole(Utf8JsonWriter writer, ChatRole role)
    {
        if (role == ChatRole.User)
        {
            writer.WriteString(RoleName, UserRole);
        }
        else if (role == ChatRole.Assistant)
        {
            writer.WriteString(RoleName, AssistantRole);
        }
        else if (role == ChatRole.System)
        {
            writer.WriteString(RoleName, SystemRole);
        }
        else if (role == ChatRole.Tool)
        {
            writer.WriteString(RoleName, ToolRole);
        }
        else
        {
            writer.WriteString(RoleName, role.Value);
        }
    }

    private static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null
            ? "{}"
            : JsonSerializer.Serialize(arguments, ArgumentsTypeInfo);

    private static string SerializeResult(FunctionResultContent result, ref List<RunflowContentPart>? attachments) => result.Result switch
    {
        string text => text,
        null when result.Exception is { } exception => $"Error: {exception.Message}",
        null => string.Empty,
        JsonElement element => element.GetRawText(),
        AIContent content => ContentsResult(result.CallId, [content], ref attachments),
        IEnumerable<AIContent> contents => ContentsResult(result.CallId, contents, ref attachments),
        var value => Serialize(value),
    };

    /// <summary>
    /// The text of a tool result made of contents: text as it is, each image or file as a label naming what follows in
    /// the user message after the tool messages, anything else as JSON; one line each.
    /// </summary>
    private static string ContentsResult(string callId, IEnumerable<AIContent> contents, ref List<RunflowContentPart>? attachments)
    {
        var text = new StringBuilder();
        var introduced = false;
        foreach (var content in contents)
        {
            if (content is null)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append('\n');
            }

            switch (content)
            {
                case TextContent { Text: var part }:
                    text.Append(part);
                    break;

                case DataContent or UriContent or HostedFileContent:
                    var attachment = ToPart(content, "a tool result");
                    attachments ??= [];
                    if (!introduced)
                    {
                        attachments.Add(RunflowContentPart.ForText($"[returned by tool call {callId}]"));
                        introduced = true;
                    }

                    attachments.Add(attachment);
                    text.Append('[').Append(attachment.ImageUrl is null ? "file" : "image").Append(" result: ")
                        .Append(DescribeAttachment(content)).Append(", follows in the next user message]");
                    break;

                default:
                    text.Append(Serialize(content));
                    break;
            }
        }

        return text.ToString();
    }

    private static string DescribeAttachment(AIContent content) => content switch
    {
        DataContent data => $"{data.MediaType}, {ByteCount(data.Data.Length)}",
        UriContent { Uri: { Scheme: "http" or "https" } uri } link => $"{link.MediaType} from {uri.AbsoluteUri}",
        UriContent link => link.MediaType,
        HostedFileContent { MediaType: { } mediaType } file => $"{mediaType}, uploaded file {file.FileId}",
        _ => $"uploaded file {((HostedFileContent)content).FileId}",
    };

    private static string ByteCount(int bytes) =>
        bytes == 1 ? "1 byte" : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

    private static string Serialize(object value) =>
        JsonSerializer.Serialize(value, RunflowJson.PayloadOptions.GetTypeInfo(value.GetType()));
}

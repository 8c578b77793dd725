#pragma warning disable MEAI001 // HostedFileClientOptions is experimental in Microsoft.Extensions.AI; this maps it for RunflowHostedFileClient.
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps an upload to Runflow's <c>multipart/form-data</c> body, and its file reference back to a <see cref="HostedFileContent"/>.</summary>
internal static class RunflowFileMapper
{
    /// <summary>The purpose sent when the caller names none: OpenAI's for files a model reads as input in a chat message.</summary>
    public const string DefaultPurpose = "user_data";

    /// <summary>The media type of a file whose caller gives none.</summary>
    public const string DefaultMediaType = "application/octet-stream";

    private const string FilePart = "file";
    private const string PurposeKey = "purpose";

    /// <summary>The form's text fields, in the order they are sent: before the file, so a server that streams the file
    /// on to the provider already knows where it goes.</summary>
    public static List<KeyValuePair<string, string>> ToFields(HostedFileClientOptions? options, RunflowClientOptions client)
    {
        string? provider = client.Provider;
        string? providerName = client.ProviderName;
        string? purpose = null;
        List<KeyValuePair<string, string>>? extra = null;
        if (options?.AdditionalProperties is { Count: > 0 } additional)
        {
            foreach (var (key, value) in additional)
            {
                RequireHeaderSafe(key, nameof(options));
                switch (key, value)
                {
                    case (FilePart, _):
                        throw new ArgumentException("The file is the stream passed to UploadAsync; AdditionalProperties cannot replace it.", nameof(options));
                    case (RunflowChatOptionsExtensions.ProviderKey, string text):
                        provider = text;
                        break;
                    case (RunflowChatOptionsExtensions.ProviderNameKey, string text):
                        providerName = text;
                        break;
                    case (PurposeKey, string text):
                        purpose = text;
                        break;
                    case (RunflowChatOptionsExtensions.ProviderKey or RunflowChatOptionsExtensions.ProviderNameKey or PurposeKey, _):
                        throw new ArgumentException($"AdditionalProperties[\"{key}\"] must be a string.", nameof(options));
                    default:
                        // Any other value travels as a form field of its own: text as it is, anything else as its JSON.
                        (extra ??= []).Add(new(key, value as string ?? RunflowJson.ToJsonElement(value).GetRawText()));
                        break;
                }
            }
        }

        List<KeyValuePair<string, string>> fields = [];
        Add(RunflowChatOptionsExtensions.ProviderKey, provider);
        Add(RunflowChatOptionsExtensions.ProviderNameKey, providerName);
        Add(PurposeKey, options?.Purpose ?? purpose ?? DefaultPurpose);
        if (extra is not null)
        {
            fields.AddRange(extra);
        }

        return fields;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields.Add(new(name, value));
            }
        }
    }

    /// <summary>Builds the body: the text fields, then the <c>file</c> part with its name and media type.</summary>
    public static MultipartContent ToMultipart(
        IEnumerable<KeyValuePair<string, string>> fields, RunflowUploadContent file, string mediaType, string fileName)
    {
        // MultipartContent rather than MultipartFormDataContent: the latter writes its own Content-Disposition, with
        // unquoted names and MIME-encoded file names that multipart parsers read differently.
        var body = new MultipartContent("form-data", "runflow-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var (name, value) in fields)
            {
                var field = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
                field.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{Quote(name)}\"");
                body.Add(field);
            }

            file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{FilePart}\"; {FileNameParameters(fileName)}");
            file.Headers.TryAddWithoutValidation("Content-Type", mediaType);
            body.Add(file);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Checks what UploadAsync is given before anything is read or sent.</summary>
    /// <returns>The media type to send.</returns>
    /// <exception cref="ArgumentException">The file name is missing or holds a control character, or the media type is not one.</exception>
    public static string Validate(string? mediaType, string? fileName, HostedFileClientOptions? options)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new ArgumentException("A file name is required: Runflow's files endpoint takes the file with its name, from which providers tell its type.", nameof(fileName));
        }

        RequireHeaderSafe(fileName, nameof(fileName));
        if (options?.Scope is not null)
        {
            throw new NotSupportedException("HostedFileClientOptions.Scope is not supported: Runflow's files endpoint uploads to the provider's own file store and takes no scope.");
        }

        if (mediaType is null)
        {
            return DefaultMediaType;
        }

        if (!MediaTypeHeaderValue.TryParse(mediaType, out var parsed) || parsed.MediaType is null || !parsed.MediaType.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{mediaType}' is not a media type (type/subtype, such as application/pdf).", nameof(mediaType));
        }

        return mediaType;
    }

    /// <summary>Maps the file reference; what the answer leaves out is what was sent.</summary>
    /// <exception cref="InvalidDataException">The answer names no file id.</exception>
    public static HostedFileContent ToHostedFileContent(RunflowFileResponse response, string mediaType, string fileName, long size, string? purpose)
    {
        var fileId = First(response.FileId, response.FileIdSnakeCase, response.Id)
            ?? throw new InvalidDataException("The file reference has no 'fileId'.");
        var reportedType = First(response.MimeType, response.MimeTypeSnakeCase);
        var content = new HostedFileContent(fileId)
        {
            MediaType = reportedType is not null && MediaTypeHeaderValue.TryParse(reportedType, out _) ? reportedType : mediaType,
            Name = First(response.Filename, response.FilenameSnakeCase) ?? fileName,
            SizeInBytes = response.Size ?? response.Bytes ?? size,
            Purpose = First(response.Purpose) ?? purpose,
            RawRepresentation = response,
        };

        if (First(response.Provider) is { } provider)
        {
            (content.AdditionalProperties ??= [])[RunflowChatOptionsExtensions.ProviderKey] = provider;
        }

        return content;
    }

    /// <summary>The purpose the fields carry, to report it when the answer does not.</summary>
    public static string? PurposeOf(List<KeyValuePair<string, string>> fields) =>
        fields.Find(field => field.Key == PurposeKey).Value;

    private static string? First(params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary><c>filename="…"</c>, plus RFC 5987's <c>filename*</c> for a name that is not ASCII, whose
    /// <c>filename</c> then holds the name with <c>_</c> for every other character.</summary>
    private static string FileNameParameters(string fileName)
    {
        if (Ascii.IsValid(fileName))
        {
            return $"filename=\"{Quote(fileName)}\"";
        }

        var fallback = string.Create(fileName.Length, fileName, static (chars, name) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsAscii(name[i]) ? name[i] : '_';
            }
        });
        return $"filename=\"{Quote(fallback)}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }

    /// <summary>Escapes a quoted-string's backslashes and quotes.</summary>
    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>Refuses a control character, which would end the part's header line.</summary>
    private static void RequireHeaderSafe(string value, string paramName)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                throw new ArgumentException($"The {(paramName == "fileName" ? "file name" : "form field name")} holds a control character at position {i}, which cannot travel in a multipart header.", paramName);
            }
        }
    }
}

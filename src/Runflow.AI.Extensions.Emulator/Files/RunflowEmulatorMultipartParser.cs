using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Reads a file upload's <c>multipart/form-data</c> body (RFC 7578) as the service would and reduces it to a
/// <see cref="RunflowEmulatorFileUpload"/>; every failure is a message naming the offending part or field, answered with
/// HTTP 400. The body is already bounded by <see cref="RunflowEmulatorOptions.MaxRequestBodySize"/>; the parser adds
/// bounds on the number of parts and the size of their headers, so a hostile form cannot make it work for long.
/// </summary>
internal static class RunflowEmulatorMultipartParser
{
    /// <summary>The most parts one form may have.</summary>
    public const int MaxParts = 32;

    /// <summary>The most bytes the headers of one part may take.</summary>
    public const int MaxPartHeaderBytes = 16 * 1024;

    private const string FileField = "file";
    private static readonly string[] s_textFields = ["provider", "providerName", "purpose"];

    /// <summary>Parses and validates an upload.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>.</param>
    /// <param name="upload">The upload, when valid.</param>
    /// <param name="error">The validation message, when invalid.</param>
    /// <returns><see langword="true"/> when the upload is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, string? contentType, [NotNullWhen(true)] out RunflowEmulatorFileUpload? upload, [NotNullWhen(false)] out string? error)
    {
        upload = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary) is not { Length: > 0 and <= 70 } boundary)
        {
            error = $"The request must be multipart/form-data with a boundary of 1 to 70 characters; its Content-Type was '{contentType ?? "(none)"}'.";
            return false;
        }

        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary.Value);
        byte[] nextDelimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary.Value);
        // A preamble before the first part is allowed, and skipped: the first delimiter starts the body or a line.
        int start = body.StartsWith(delimiter) ? 0 : body.IndexOf(nextDelimiter);
        if (start > 0)
        {
            start += 2;
        }

        if (start < 0)
        {
            error = "The multipart body has no part: it never starts a part with its boundary.";
            return false;
        }

        ReadOnlySpan<byte> rest = body[(start + delimiter.Length)..];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        (string Name, string MediaType, byte[] Content)? file = null;
        for (int parts = 0; ; parts++)
        {
            if (rest.StartsWith("--"u8))
            {
                break;
            }

            if (parts == MaxParts)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"The form has more than {MaxParts} parts.");
                return false;
            }

            if (!rest.StartsWith("\r\n"u8))
            {
                error = "The multipart body is malformed: a boundary is not followed by a line break.";
                return false;
            }

            rest = rest[2..];
            int headersEnd = rest[..Math.Min(rest.Length, MaxPartHeaderBytes)].IndexOf("\r\n\r\n"u8);
            if (headersEnd < 0)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"A part's headers do not end within {MaxPartHeaderBytes} bytes.");
                return false;
            }

            string headers = Encoding.UTF8.GetString(rest[..headersEnd]);
            rest = rest[(headersEnd + 4)..];
            int contentEnd = rest.IndexOf(nextDelimiter);
            if (contentEnd < 0)
            {
                error = "The multipart body ends inside a part: its closing boundary is missing.";
                return false;
            }

            ReadOnlySpan<byte> content = rest[..contentEnd];
            rest = rest[(contentEnd + nextDelimiter.Length)..];
            if (!TryReadPart(headers, out string? name, out string? fileName, out string? partType, out error))
            {
                return false;
            }

            if (name == FileField)
            {
                if (file is not null)
                {
                    error = "file is sent more than once; send one file per upload.";
                    return false;
                }

                if (string.IsNullOrWhiteSpace(fileName))
                {
                    error = "file has no filename: its Content-Disposition needs filename=\"…\".";
                    return false;
                }

                file = (fileName, partType ?? RunflowEmulatorFileUpload.DefaultMediaType, content.ToArray());
            }
            else if (s_textFields.Contains(name, StringComparer.Ordinal))
            {
                if (!fields.TryAdd(name, Encoding.UTF8.GetString(content)))
                {
                    error = $"{name} is sent more than once.";
                    return false;
                }
            }
        }

        if (file is not { } part)
        {
            error = "file is required: a part named file, with a filename.";
            return false;
        }

        if (part.Content.Length == 0)
        {
            error = $"file '{part.Name}' is empty.";
            return false;
        }

        foreach ((string name, string value) in fields)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                error = $"{name} must not be blank; leave it out for the default.";
                return false;
            }
        }

        upload = new RunflowEmulatorFileUpload
        {
            FileName = part.Name,
            MediaType = part.MediaType,
            Content = part.Content,
            Provider = fields.GetValueOrDefault("provider") ?? RunflowEmulatorFileUpload.DefaultProvider,
            ProviderName = fields.GetValueOrDefault("providerName"),
            Purpose = fields.GetValueOrDefault("purpose"),
        };
        error = null;
        return true;
    }

    /// <summary>Reads a part's name, file name (its <c>filename*</c> before its <c>filename</c>) and media type.</summary>
    private static bool TryReadPart(string headers, [NotNullWhen(true)] out string? name, out string? fileName, out string? mediaType, [NotNullWhen(false)] out string? error)
    {
        name = null;
        fileName = null;
        mediaType = null;
        ContentDispositionHeaderValue? disposition = null;
        foreach (string line in headers.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"A part has a header line without a name: '{line}'.";
                return false;
            }

            string header = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (header.Equals(HeaderNames.ContentDisposition, StringComparison.OrdinalIgnoreCase) &&
                !ContentDispositionHeaderValue.TryParse(value, out disposition))
            {
                error = $"A part's Content-Disposition cannot be read: '{value}'.";
                return false;
            }

            if (header.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                if (!MediaTypeHeaderValue.TryParse(value, out MediaTypeHeaderValue? parsed))
                {
                    error = $"A part's Content-Type is not a media type: '{value}'.";
                    return false;
                }

                mediaType = parsed.ToString();
            }
        }

        if (disposition is null || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.UnescapeAsQuotedString(disposition.Name) is not { Length: > 0 } partName)
        {
            error = "A part has no Content-Disposition: form-data with a name.";
            return false;
        }

        name = partName.Value!;
        fileName = disposition.FileNameStar.HasValue && disposition.FileNameStar.Length > 0
            ? disposition.FileNameStar.Value
            : disposition.FileName.HasValue ? HeaderUtilities.UnescapeAsQuotedString(disposition.FileName).Value : null;
        error = null;
        return true;
    }
}

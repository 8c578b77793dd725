using System.Globalization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>A file the emulator keeps after an upload, under the id it answered with.</summary>
internal sealed class RunflowEmulatorStoredFile
{
    /// <summary>Gets the file's id, <c>file-</c> and 24 hexadecimal digits.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the upload the file came from.</summary>
    public required RunflowEmulatorFileUpload Upload { get; init; }

    /// <summary>Describes the file as the chat model names it: <c>the file report.pdf, 5,120 bytes, application/pdf</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"the file {Upload.FileName}, {Upload.Content.Length:N0} bytes, {Upload.MediaType}");
}

using System.Text.Json.Serialization;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The data of a file upload's answer: the provider file reference Runflow documents.</summary>
/// <param name="FileId">The id later chat messages name the file by.</param>
/// <param name="Provider">The provider the file is kept for.</param>
/// <param name="MimeType">The media type.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Filename">The file name.</param>
/// <param name="Purpose">The purpose, when the upload named one.</param>
internal sealed record RunflowEmulatorFileBody(
    string FileId,
    string Provider,
    string MimeType,
    int Size,
    string Filename,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Purpose);

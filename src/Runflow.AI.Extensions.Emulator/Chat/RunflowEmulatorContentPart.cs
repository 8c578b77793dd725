namespace Runflow.AI.Extensions.Emulator;

/// <summary>One validated part of a message's <c>content</c> array, reduced to what the emulator's model can read from it.</summary>
internal sealed class RunflowEmulatorContentPart
{
    /// <summary>Gets the part's type: <c>text</c>, <c>image_url</c>, <c>file</c> or <c>file_url</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the text of a <c>text</c> part.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the http(s) link of an <c>image_url</c> or <c>file_url</c> part, which the emulator never fetches.</summary>
    public string? Link { get; init; }

    /// <summary>Gets the <c>data:</c> URI of an <c>image_url</c> or <c>file_url</c> part, as sent, for gateway mode to pass on.</summary>
    public string? DataUri { get; init; }

    /// <summary>Gets the id of a <c>file</c> part.</summary>
    public string? FileId { get; init; }

    /// <summary>Gets or sets what the emulator knows of the file a <c>file</c> part names, when it was uploaded to it
    /// ("the file report.pdf, 5,120 bytes, application/pdf").</summary>
    public string? FileDescription { get; set; }

    /// <summary>Gets the media type a <c>data:</c> URI declares.</summary>
    public string? MediaType { get; init; }

    /// <summary>Gets the number of bytes a <c>data:</c> URI holds.</summary>
    public int Size { get; init; }

    /// <summary>Gets the pixel width and height read from a PNG, GIF or JPEG header, when the bytes hold one.</summary>
    public (int Width, int Height)? Pixels { get; init; }
}

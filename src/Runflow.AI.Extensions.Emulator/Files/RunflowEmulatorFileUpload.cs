namespace Runflow.AI.Extensions.Emulator;

/// <summary>A validated file upload: the <c>file</c> part and the form's text fields.</summary>
internal sealed class RunflowEmulatorFileUpload
{
    /// <summary>The provider a file goes to when the form names none.</summary>
    public const string DefaultProvider = "openai";

    /// <summary>The media type of a file part that has no <c>Content-Type</c>.</summary>
    public const string DefaultMediaType = "application/octet-stream";

    /// <summary>Gets the file's name, from the part's <c>filename*</c> or <c>filename</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Gets the file's media type, from the part's <c>Content-Type</c>.</summary>
    public required string MediaType { get; init; }

    /// <summary>Gets the file's bytes, never empty.</summary>
    public required byte[] Content { get; init; }

    /// <summary>Gets the <c>provider</c> field, or <see cref="DefaultProvider"/>.</summary>
    public string Provider { get; init; } = DefaultProvider;

    /// <summary>Gets the <c>providerName</c> field, if sent.</summary>
    public string? ProviderName { get; init; }

    /// <summary>Gets the <c>purpose</c> field, if sent.</summary>
    public string? Purpose { get; init; }
}

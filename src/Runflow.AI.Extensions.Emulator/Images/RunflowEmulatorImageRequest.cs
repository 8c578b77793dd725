namespace Runflow.AI.Extensions.Emulator;

/// <summary>A validated image-generation request, reduced to what the emulator's image model uses.</summary>
internal sealed class RunflowEmulatorImageRequest
{
    /// <summary>The model used when the request names none, as on the service.</summary>
    public const string DefaultModel = "dall-e-3";

    /// <summary>The provider used when the request names none, as on the service.</summary>
    public const string DefaultProvider = "openai";

    /// <summary>The size used when the request names none.</summary>
    public const string DefaultSize = "1024x1024";

    /// <summary>The most images one request may ask for.</summary>
    public const int MaxCount = 4;

    /// <summary>The longest prompt, in characters: DALL-E 3's.</summary>
    public const int MaxPromptLength = 4000;

    /// <summary>Gets the prompt, never blank.</summary>
    public required string Prompt { get; init; }

    /// <summary>Gets the provider, echoed in the answer.</summary>
    public string Provider { get; init; } = DefaultProvider;

    /// <summary>Gets the model, echoed in the answer.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>Gets the requested width in pixels.</summary>
    public int Width { get; init; } = 1024;

    /// <summary>Gets the requested height in pixels.</summary>
    public int Height { get; init; } = 1024;

    /// <summary>Gets how many images to make, from 1 to <see cref="MaxCount"/>.</summary>
    public int Count { get; init; } = 1;
}

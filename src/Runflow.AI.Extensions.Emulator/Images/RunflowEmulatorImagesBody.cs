namespace Runflow.AI.Extensions.Emulator;

/// <summary>The data of an image-generation answer: <c>{ "images": [ { "b64Json" } ], "model", "provider", "usage" }</c>.</summary>
/// <param name="Images">The images.</param>
/// <param name="Model">The model name.</param>
/// <param name="Provider">The provider name.</param>
/// <param name="Usage">The token counts.</param>
internal sealed record RunflowEmulatorImagesBody(
    IReadOnlyList<RunflowEmulatorImageBody> Images,
    string Model,
    string Provider,
    RunflowEmulatorImagesUsageBody Usage);

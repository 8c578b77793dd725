namespace Runflow.AI.Extensions.Emulator;

/// <summary>One generated image: <c>{ "b64Json" }</c>, the PNG file in base64.</summary>
/// <param name="B64Json">The PNG file, written as base64.</param>
internal sealed record RunflowEmulatorImageBody(byte[] B64Json);

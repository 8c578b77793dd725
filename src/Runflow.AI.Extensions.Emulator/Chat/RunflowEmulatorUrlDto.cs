namespace Runflow.AI.Extensions.Emulator;

/// <summary>The <c>{ "url" }</c> of an <c>image_url</c> or <c>file_url</c> part.</summary>
internal sealed record RunflowEmulatorUrlDto(string Url);

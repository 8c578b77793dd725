// Image generation on Runflow: a prompt from the arguments (or a default) becomes image files in a folder.
#pragma warning disable MEAI001 // IImageGenerator is experimental in Microsoft.Extensions.AI, and so is RunflowImageGenerator.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Drawing;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();
using IImageGenerator generator = new RunflowImageGenerator(backend.Options);

var prompt = args.Length > 0 ? string.Join(' ', args) : "A lighthouse on a rocky coast at dawn, in watercolour";
Console.WriteLine($"> {prompt}");

var started = Stopwatch.StartNew();
var response = await generator.GenerateImagesAsync(prompt, new ImageGenerationOptions
{
    Count = 2,
    ImageSize = new Size(1024, 1024),
    AdditionalProperties = new() { ["quality"] = "standard", ["style"] = "natural" },
});
var count = response.Contents.Count;
Console.WriteLine($"{count} {(count == 1 ? "image" : "images")} in {started.Elapsed.TotalSeconds:F1} s{(response.Usage?.TotalTokenCount is { } tokens ? $", {tokens} tokens" : "")}:");

var folder = Path.Combine(Path.GetTempPath(), "runflow-images");
Directory.CreateDirectory(folder);
using var download = new HttpClient();
var number = 0;
foreach (var content in response.Contents)
{
    // Providers send an image's bytes or a short-lived URL to them; either way it ends up in the folder.
    var (bytes, mediaType) = content switch
    {
        DataContent data => (data.Data.ToArray(), data.MediaType),
        UriContent uri => (await download.GetByteArrayAsync(uri.Uri), uri.MediaType),
        _ => (null, null),
    };

    if (bytes is null)
    {
        continue;
    }

    var path = Path.Combine(folder, $"{Slug(prompt)}-{++number}{Extension(mediaType)}");
    await File.WriteAllBytesAsync(path, bytes);
    Console.WriteLine($"  {path}  {Dimensions(bytes)}{bytes.Length:N0} bytes");
}

// The file name: the prompt's first words, lower-cased, joined by hyphens.
static string Slug(string prompt) =>
    string.Join('-', prompt.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(word => new string([.. word.Where(char.IsLetterOrDigit)]))
        .Where(word => word.Length > 0)
        .Take(6)) is { Length: > 0 } slug ? slug : "image";

static string Extension(string? mediaType) => mediaType switch
{
    "image/jpeg" => ".jpg",
    "image/webp" => ".webp",
    "image/gif" => ".gif",
    _ => ".png",
};

// A PNG says its size in its first chunk, IHDR: width and height, big-endian, at bytes 16 and 20.
static string Dimensions(byte[] image) =>
    image.Length >= 24 && image.AsSpan(1, 3).SequenceEqual("PNG"u8)
        ? $"{BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16))}×{BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20))}  "
        : "";

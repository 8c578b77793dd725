#pragma warning disable MEAI001 // The image-generation types are experimental in Microsoft.Extensions.AI; this maps them for RunflowImageGenerator.
using System.Drawing;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>Maps an image-generation request and options to Runflow's request, and its answer back.</summary>
internal static class RunflowImageMapper
{
    /// <summary>The most images one request may ask for.</summary>
    public const int MaxCount = 4;

    /// <summary>The media type of an image whose bytes (or URL) do not tell it, when the caller asked for none: what
    /// every image model Runflow fronts produces by default.</summary>
    private const string FallbackMediaType = "image/png";

    private const string QualityKey = "quality";
    private const string StyleKey = "style";

    private static readonly string[] Sizes = ["256x256", "512x512", "1024x1024", "1792x1024", "1024x1792"];
    private static readonly string[] Qualities = ["standard", "hd"];
    private static readonly string[] Styles = ["vivid", "natural"];

    private static readonly RunflowAdditionalFields<RunflowImageRequest> Fields = new(
        RunflowJsonContext.Default.RunflowImageRequest,
        nameof(ImageGenerationOptions),
        RunflowChatOptionsExtensions.ProviderKey, RunflowChatOptionsExtensions.ProviderNameKey);

    /// <summary>Builds the request body.</summary>
    /// <exception cref="ArgumentException">The prompt is missing, <see cref="ImageGenerationOptions.MediaType"/> is not a media
    /// type, or AdditionalProperties tries to replace the prompt.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size, count, quality or style is not one Runflow documents.</exception>
    /// <exception cref="NotSupportedException">The request edits images.</exception>
    public static RunflowImageRequest ToRunflowRequest(ImageGenerationRequest request, ImageGenerationOptions? options, RunflowClientOptions client)
    {
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("ImageGenerationRequest.Prompt is required: Runflow generates images from a prompt.", nameof(request));
        }

        if (request.OriginalImages?.Any() == true)
        {
            throw new NotSupportedException("Editing images (ImageGenerationRequest.OriginalImages) is not supported: Runflow's images endpoint only generates them from a prompt.");
        }

        if (options?.MediaType is { } mediaType && !MediaTypeHeaderValue.TryParse(mediaType, out _))
        {
            throw new ArgumentException($"ImageGenerationOptions.MediaType '{mediaType}' is not a media type.", nameof(options));
        }

        var body = new RunflowImageRequest
        {
            Prompt = request.Prompt,
            Provider = client.ImageProvider,
            Model = options?.ModelId ?? client.DefaultImageModelId,
            Size = ToSize(options?.ImageSize),
            N = ToCount(options?.Count),
        };

        if (options?.AdditionalProperties is { Count: > 0 } additional)
        {
            body.AdditionalProperties = Fields.Apply(body, additional, TakeRunflowKey);
        }

        return body;
    }

    private static bool TakeRunflowKey(RunflowImageRequest body, string key, object? value)
    {
        switch (key, value)
        {
            case (QualityKey, _):
                body.Quality = OneOf(Qualities, value, key);
                return true;
            case (StyleKey, _):
                body.Style = OneOf(Styles, value, key);
                return true;
            case ("prompt", _):
                throw new ArgumentException("The prompt is ImageGenerationRequest.Prompt; AdditionalProperties cannot replace it.", "options");
            default:
                return false;
        }
    }

    /// <summary>Maps the answer: <see cref="DataContent"/> for each image sent as bytes, <see cref="UriContent"/> for each sent as a URL.</summary>
    /// <exception cref="InvalidDataException">The answer has no images list, or an image that cannot be read.</exception>
    public static ImageGenerationResponse FromRunflowResponse(RunflowImageResponse response, ImageGenerationOptions? options)
    {
        var images = response.Images ?? throw new InvalidDataException("The response has no 'images'.");
        var fallback = options?.MediaType ?? FallbackMediaType;
        var contents = new List<AIContent>(images.Count);
        foreach (var image in images)
        {
            // A null in the list is no image; it does not spoil the others.
            if (image is not null)
            {
                contents.Add(ToContent(image, fallback));
            }
        }

        return new ImageGenerationResponse(contents)
        {
            Usage = RunflowResponseMapper.ToUsage(response.Usage),
            RawRepresentation = response,
        };
    }

    /// <summary>Tells an image's media type from its first bytes: PNG, JPEG, GIF or WebP.</summary>
    public static string? Sniff(ReadOnlySpan<byte> image) => image switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    private static AIContent ToContent(RunflowImageItem image, string fallback)
    {
        if ((image.B64Json ?? image.B64JsonSnakeCase) is { Length: > 0 } base64)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(base64);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException("An image's 'b64Json' is not base64.", ex);
            }

            return new DataContent(bytes, Sniff(bytes) ?? fallback) { RawRepresentation = image };
        }

        if (image.Url is { Length: > 0 } url)
        {
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return new DataContent(url) { RawRepresentation = image };
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException)
                {
                    throw new InvalidDataException("An image's 'url' is a data URI that cannot be read.", ex);
                }
            }

            // On Unix a path such as /images/a.png parses as an absolute file: URI, which is no image Runflow could have sent.
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidDataException("An image's 'url' is not an absolute http or https URL.");
            }

            return new UriContent(uri, FromExtension(uri) ?? fallback) { RawRepresentation = image };
        }

        throw new InvalidDataException("An image has neither 'url' nor 'b64Json'.");
    }

    private static string? FromExtension(Uri uri) => Path.GetExtension(uri.AbsolutePath).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => null,
    };

    private static string? ToSize(Size? size)
    {
        if (size is not { } value)
        {
            return null;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{value.Width}x{value.Height}");
        return Array.IndexOf(Sizes, text) >= 0
            ? text
            : throw new ArgumentOutOfRangeException("options", text, $"ImageGenerationOptions.ImageSize must be one of the sizes Runflow documents: {string.Join(", ", Sizes)}.");
    }

    private static int? ToCount(int? count) => count is null or (>= 1 and <= MaxCount)
        ? count
        : throw new ArgumentOutOfRangeException("options", count, $"ImageGenerationOptions.Count must be from 1 to {MaxCount}.");

    /// <summary>Reads a documented choice in any letter case, sent as Runflow spells it.</summary>
    private static string OneOf(string[] choices, object? value, string key)
    {
        if (value is string text)
        {
            foreach (var choice in choices)
            {
                if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase))
                {
                    return choice;
                }
            }
        }

        throw new ArgumentOutOfRangeException("options", value, $"AdditionalProperties[\"{key}\"] must be {string.Join(" or ", choices)}.");
    }
}

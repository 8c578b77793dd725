using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The emulator's deterministic image model: each image is a PNG a sixteenth of the requested size on each side (a
/// 1024x1024 request gives 64×64 pixels), a 4×4 grid of coloured blocks whose colours come from a hash of the prompt and
/// the image's place in the answer, so the same prompt always gives the same bytes and every image of one answer differs.
/// </summary>
internal static class RunflowEmulatorImageModel
{
    /// <summary>How much smaller than requested an image is, on each side.</summary>
    public const int Scale = 16;

    private const int Blocks = 4;

    /// <summary>Makes the images of a request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The PNG files, <see cref="RunflowEmulatorImageRequest.Count"/> of them.</returns>
    public static IReadOnlyList<byte[]> Answer(RunflowEmulatorImageRequest request)
    {
        int width = request.Width / Scale;
        int height = request.Height / Scale;
        var images = new byte[request.Count][];
        for (int i = 0; i < images.Length; i++)
        {
            byte[] colours = SHA512.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{i}\n{request.Prompt}")));
            var pixels = new byte[width * height * 3];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int block = (y * Blocks / height * Blocks) + (x * Blocks / width);
                    colours.AsSpan(block * 3, 3).CopyTo(pixels.AsSpan(((y * width) + x) * 3));
                }
            }

            images[i] = RunflowEmulatorPng.Encode(width, height, pixels);
        }

        return images;
    }
}

using System.Buffers.Binary;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>Reads an image's pixel size from its header, without decoding it: PNG's IHDR, GIF's logical screen, JPEG's SOFn marker.</summary>
internal static class RunflowEmulatorImageHeader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the pixel size of PNG, GIF or JPEG bytes, whatever media type they were sent as.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="pixels">The width and height.</param>
    /// <returns><see langword="true"/> when the bytes start with a header of one of those formats that names a size.</returns>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out (int Width, int Height) pixels) =>
        TryReadPng(data, out pixels) || TryReadGif(data, out pixels) || TryReadJpeg(data, out pixels);

    // The signature, then the IHDR chunk: length (4), "IHDR", width and height as big-endian 32-bit numbers.
    private static bool TryReadPng(ReadOnlySpan<byte> data, out (int Width, int Height) pixels)
    {
        pixels = default;
        if (data.Length < 24 || !data.StartsWith(PngSignature) || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return false;
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return Accept(width, height, out pixels);
    }

    // "GIF87a" or "GIF89a", then the logical screen's width and height as little-endian 16-bit numbers.
    private static bool TryReadGif(ReadOnlySpan<byte> data, out (int Width, int Height) pixels)
    {
        pixels = default;
        if (data.Length < 10 || !(data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)))
        {
            return false;
        }

        return Accept(BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]), out pixels);
    }

    // SOI, then marker segments up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), whose body is
    // precision (1), height (2), width (2), big-endian; a scan or the image's end before it means no size.
    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out (int Width, int Height) pixels)
    {
        pixels = default;
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return false;
        }

        int i = 2;
        while (i < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return false;
            }

            while (i < data.Length && data[i] == 0xFF)
            {
                i++;
            }

            if (i >= data.Length)
            {
                return false;
            }

            byte marker = data[i++];
            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (marker is 0xD9 or 0xDA || i + 2 > data.Length)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            if (length < 2)
            {
                return false;
            }

            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                return i + 7 <= data.Length &&
                    Accept(BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 3)..]), out pixels);
            }

            i += length;
        }

        return false;
    }

    private static bool Accept(uint width, uint height, out (int Width, int Height) pixels)
    {
        pixels = ((int)Math.Min(width, int.MaxValue), (int)Math.Min(height, int.MaxValue));
        return width > 0 && height > 0 && width <= int.MaxValue && height <= int.MaxValue;
    }
}

using System.Text;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// Keeps the first <see cref="MaxBytes"/> of the answer body the emulator sends, for the inspector, and counts the rest.
/// </summary>
internal sealed class RunflowEmulatorInspectorCapture
{
    /// <summary>The most bytes kept: enough to re-write a JSON answer with its long strings shortened.</summary>
    public const int MaxBytes = 1024 * 1024;

    private readonly MemoryStream _kept = new();

    /// <summary>Gets the number of bytes sent, kept or not.</summary>
    public long Length { get; private set; }

    /// <summary>Gets a value indicating whether a body was started: any bytes, or an empty answer with its headers.</summary>
    public bool Started { get; private set; }

    /// <summary>Gets a value indicating whether bytes were sent past <see cref="MaxBytes"/>.</summary>
    public bool IsPartial => Length > _kept.Length;

    /// <summary>Gets or sets the content type of the answer.</summary>
    public string? ContentType { get; set; }

    /// <summary>Marks the answer as started, even if its body stays empty.</summary>
    public void Start() => Started = true;

    /// <summary>Adds a piece of the body as it is sent.</summary>
    /// <param name="piece">The bytes.</param>
    public void Append(ReadOnlySpan<byte> piece)
    {
        Started = true;
        Length += piece.Length;
        int room = MaxBytes - (int)_kept.Length;
        if (room > 0)
        {
            _kept.Write(piece[..Math.Min(room, piece.Length)]);
        }
    }

    /// <summary>Decodes the kept bytes as UTF-8.</summary>
    /// <returns>The text.</returns>
    public string ReadText() => Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
}

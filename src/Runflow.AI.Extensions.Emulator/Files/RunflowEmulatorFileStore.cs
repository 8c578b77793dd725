using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>
/// The files one emulator keeps, in memory, bounded: at most <see cref="MaxFiles"/> files and
/// <see cref="MaxTotalBytes"/> bytes, the oldest forgotten first. Ids are deterministic: the same upload gets the same id
/// in every run, and uploading it again makes it the newest.
/// </summary>
internal sealed class RunflowEmulatorFileStore
{
    /// <summary>The most files kept.</summary>
    public const int MaxFiles = 100;

    /// <summary>The most bytes kept, all files together.</summary>
    public const long MaxTotalBytes = 64L * 1024 * 1024;

    private const int IdDigits = 24;

    private readonly List<RunflowEmulatorStoredFile> _files = [];
    private readonly Lock _gate = new();
    private long _totalBytes;

    /// <summary>Gets how many files are kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _files.Count;
            }
        }
    }

    /// <summary>Keeps an upload, forgetting the oldest files beyond the bounds.</summary>
    /// <param name="upload">The upload, at most <see cref="MaxTotalBytes"/> long.</param>
    /// <returns>The kept file.</returns>
    public RunflowEmulatorStoredFile Add(RunflowEmulatorFileUpload upload)
    {
        var file = new RunflowEmulatorStoredFile { Id = IdOf(upload), Upload = upload };
        lock (_gate)
        {
            int existing = _files.FindIndex(f => f.Id == file.Id);
            if (existing >= 0)
            {
                _totalBytes -= _files[existing].Upload.Content.Length;
                _files.RemoveAt(existing);
            }

            _files.Add(file);
            _totalBytes += upload.Content.Length;
            while (_files.Count > MaxFiles || _totalBytes > MaxTotalBytes)
            {
                _totalBytes -= _files[0].Upload.Content.Length;
                _files.RemoveAt(0);
            }
        }

        return file;
    }

    /// <summary>Finds a kept file.</summary>
    /// <param name="fileId">The id the upload was answered with.</param>
    /// <param name="file">The file, when it is still kept.</param>
    /// <returns><see langword="true"/> when the file is kept.</returns>
    public bool TryGet(string fileId, [NotNullWhen(true)] out RunflowEmulatorStoredFile? file)
    {
        lock (_gate)
        {
            file = _files.Find(f => string.Equals(f.Id, fileId, StringComparison.Ordinal));
            return file is not null;
        }
    }

    /// <summary>The id of an upload: a hash of its name, media type, provider, purpose and bytes.</summary>
    private static string IdOf(RunflowEmulatorFileUpload upload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string? text in (ReadOnlySpan<string?>)[upload.FileName, upload.MediaType, upload.Provider, upload.ProviderName, upload.Purpose])
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text ?? string.Empty));
            hash.AppendData([0]);
        }

        hash.AppendData(upload.Content);
        return "file-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..IdDigits];
    }
}

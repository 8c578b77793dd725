using System.Diagnostics;
using System.Text;

namespace Runflow.AI.Extensions.Emulator.Tool.Tests;

/// <summary>A child process with its output collected line by line; disposing kills what is still running, children included.</summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly StringBuilder _error = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ToolProcess(Process process) => _process = process;

    /// <summary>Gets everything written to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Gets everything written to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    public static ToolProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var tool = new ToolProcess(process);
        process.OutputDataReceived += (_, e) => tool.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (tool._gate)
                {
                    tool._error.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Runs a command to its end within <paramref name="bound"/>, or kills it and fails.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan bound, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using ToolProcess process = Start(fileName, arguments, environment);
        int exitCode = await process.WaitForExitAsync(bound);
        return (exitCode, process.Output + "\n" + process.Error);
    }

    /// <summary>Waits, within <paramref name="bound"/>, for a line of standard output that matches.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan bound)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            string? line = _output.FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            _waiters.Add((match, found));
        }

        Task exited = _process.WaitForExitAsync();
        Task first = await Task.WhenAny(found.Task, exited, Task.Delay(bound));
        return first == found.Task
            ? await found.Task
            : throw new TimeoutException($"No matching line {(first == exited ? "before the process exited" : $"within {bound}")}.\nstdout:\n{Output}\nstderr:\n{Error}");
    }

    /// <summary>Waits, within <paramref name="bound"/>, for the process to exit, and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {bound}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Add(line);
            foreach ((Func<string, bool> match, TaskCompletionSource<string> found) in _waiters.Where(w => w.Match(line)).ToList())
            {
                found.TrySetResult(line);
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }
}

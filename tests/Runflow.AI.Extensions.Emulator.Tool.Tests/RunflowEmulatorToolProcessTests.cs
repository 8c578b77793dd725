using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tool.Tests;

/// <summary>The tool's program as a process, started from its build output.</summary>
public sealed class RunflowEmulatorToolProcessTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(25);

    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "Runflow.AI.Extensions.Emulator.Tool.dll");

    [Fact(Timeout = TestBounds.Test)]
    public async Task PortInUse_PrintsOneLineAndExitsWithoutAStackTrace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using ToolProcess tool = ToolProcess.Start("dotnet", [ToolDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        int exitCode = await tool.WaitForExitAsync(s_bound);

        Assert.Equal(1, exitCode);
        Assert.Equal($"runflow-emulator: port {port} is already in use on 127.0.0.1; choose another with --port.", tool.Error.TrimEnd());
        Assert.DoesNotContain("   at ", tool.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", tool.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task UnknownSwitch_PrintsTheErrorAndUsageAndExitsWith2()
    {
        await using ToolProcess tool = ToolProcess.Start("dotnet", [ToolDll, "--prot", "5080"]);
        int exitCode = await tool.WaitForExitAsync(s_bound);

        Assert.Equal(2, exitCode);
        string[] lines = tool.Error.Split('\n');
        Assert.Equal("runflow-emulator: unknown switch --prot.", lines[0]);
        Assert.Contains("Usage: runflow-emulator [options]", tool.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, tool.Output);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Help_PrintsUsageAndExitsWith0()
    {
        await using ToolProcess tool = ToolProcess.Start("dotnet", [ToolDll, "-h"]);
        int exitCode = await tool.WaitForExitAsync(s_bound);

        Assert.Equal(0, exitCode);
        Assert.Equal(RunflowEmulatorToolCommandLine.Usage.ReplaceLineEndings("\n"), tool.Output.TrimEnd());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Sigterm_StopsTheToolWithExitCode0()
    {
        await using ToolProcess tool = ToolProcess.Start("dotnet", [ToolDll, "--port", "0"]);
        await tool.WaitForLineAsync(line => line.StartsWith("Press Ctrl+C to stop.", StringComparison.Ordinal), s_bound);

        using (Process kill = Process.Start("kill", ["-TERM", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await tool.WaitForExitAsync(s_bound));
        Assert.Equal(string.Empty, tool.Error);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task Start_Default_PrintsTheInspectorAndServesItsPage()
    {
        await using ToolProcess tool = ToolProcess.Start("dotnet", [ToolDll, "--port", "0"]);
        string line = await tool.WaitForLineAsync(line => line.StartsWith("  inspector:  GET  http://127.0.0.1:", StringComparison.Ordinal), s_bound);
        using var http = new HttpClient { Timeout = s_bound };

        using HttpResponseMessage page = await http.GetAsync(new Uri(line["  inspector:  GET  ".Length..]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}

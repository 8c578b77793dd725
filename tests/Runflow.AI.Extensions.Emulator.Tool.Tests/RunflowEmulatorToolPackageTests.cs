using System.Globalization;
using System.Reflection;
using System.Net.Http.Headers;
using System.Text;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tool.Tests;

/// <summary>The tool as users get it: packed with the library into a local feed, installed with <c>dotnet tool install</c>, run.</summary>
public sealed class RunflowEmulatorToolPackageTests
{
    // Packing reuses the build the test run already made, and installing restores from the local feed alone: a few
    // seconds each on a quiet machine, far more with the machine loaded and the test run niced, so each step gets 150 s.
    private static readonly TimeSpan s_stepBound = TimeSpan.FromSeconds(150);

    // The projects are built in the configuration this test assembly was built in, since it references the tool.
    private static readonly string s_configuration =
        typeof(RunflowEmulatorToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    [Fact(Timeout = TestBounds.LongTest * 2)]
    public async Task PackInstallRun_AnswersAChatRequest()
    {
        string repository = RepositoryRoot();
        DirectoryInfo work = Directory.CreateTempSubdirectory("runflow-tool-");
        try
        {
            string feed = Path.Combine(work.FullName, "feed");
            string tools = Path.Combine(work.FullName, "tools");
            string version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-tooltest.{DateTime.UtcNow:yyyyMMddHHmmss}");

            // No build and no restore: the packages are made from what the test run built, into a feed of their own.
            string[] common = ["--no-build", "-c", s_configuration, "-o", feed, $"-p:Version={version}"];
            await RunAsync("dotnet", ["pack", Path.Combine(repository, "src/Runflow.AI.Extensions.Emulator.Tool/Runflow.AI.Extensions.Emulator.Tool.csproj"), .. common]);
            await RunAsync("dotnet", ["pack", Path.Combine(repository, "src/Runflow.AI.Extensions.Emulator/Runflow.AI.Extensions.Emulator.csproj"), .. common]);
            Assert.True(File.Exists(Path.Combine(feed, $"Runflow.AI.Extensions.Emulator.Tool.{version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"Runflow.AI.Extensions.Emulator.{version}.nupkg")));

            // Only the local feed, and a package folder of its own, so no other source is asked and nothing is cached.
            string config = Path.Combine(work.FullName, "nuget.config");
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
                """, TestContext.Current.CancellationToken);
            await RunAsync(
                "dotnet",
                ["tool", "install", "Runflow.AI.Extensions.Emulator.Tool", "--tool-path", tools, "--add-source", feed, "--version", version, "--configfile", config],
                new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work.FullName, "packages") });

            int port = ToolPorts.Free();
            await using ToolProcess tool = ToolProcess.Start(Path.Combine(tools, "runflow-emulator"), ["--port", port.ToString(CultureInfo.InvariantCulture)]);
            string listening = await tool.WaitForLineAsync(line => line.Contains("listening", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            Assert.Equal($"Runflow emulator listening on http://127.0.0.1:{port}/", listening);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(15) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/runtime/v1/chat")
            {
                Content = new StringContent(
                    """{"projectId":"proj","provider":"openai","model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""",
                    Encoding.UTF8,
                    new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add("x-api-key", "rf_tool_key");
            using HttpResponseMessage response = await http.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(
                """{"text":"You said: \"hi\" (Offline Runflow emulator: a deterministic stand-in, not a language model.)","finishReason":"stop","usage":{"promptTokens":1,"completionTokens":23,"totalTokens":24},"model":"gpt-4o"}""",
                await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("req_000001", response.Headers.GetValues("x-request-id").Single());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string fileName, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        (int exitCode, string output) = await ToolProcess.RunAsync(fileName, arguments, s_stepBound, environment);
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runflow.AI.Extensions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Runflow.AI.Extensions.sln above {AppContext.BaseDirectory}.");
    }
}

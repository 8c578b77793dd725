using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Playwright;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.BrowserTests;

/// <summary>The inspector page in a real browser: a tool-calling conversation shows up live and reads as a conversation.</summary>
public sealed class RunflowEmulatorInspectorPageTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ApiKey = "rf_browser_secret_key_4242";
    private const string Question = "What is the weather in Lisbon?";

    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static readonly float s_wait = (float)TestBounds.Event.TotalMilliseconds;

    // Starting a browser on a loaded two-core machine takes seconds of its own; every wait on the page keeps TestBounds.Event.
    private static readonly float s_launch = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task InspectorPage_ToolCallingConversation_ShowsLiveAndAsAConversation()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install chromium chromium-driver) to run the inspector's browser test.");
        CancellationToken token = TestContext.Current.CancellationToken;
        await using var emulator = new RunflowEmulator(new RunflowEmulatorOptions { ApiKeys = { ApiKey } });
        await emulator.StartAsync(token);

        string profile = Directory.CreateTempSubdirectory("runflow-inspector-profile-").FullName;
        try
        {
            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowserContext browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = s_chromiumArgs,
                Timeout = s_launch,
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                ColorScheme = ColorScheme.Light,
            });
            browser.SetDefaultTimeout(s_wait);
            IPage page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            await page.GotoAsync(emulator.Endpoint.ToString());
            await Assertions.Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = s_wait });
            // A reload would lose this mark: the rows below must arrive through the open page's feed.
            await page.EvaluateAsync("() => { window.inspectorMark = 'no-reload'; }");

            string answer = await AskAboutTheWeatherAsync(emulator.Endpoint, token);

            ILocator rows = page.Locator("tr.row");
            await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = s_wait });
            ILocator latest = rows.First;
            await Assertions.Expect(latest.Locator("td.method")).ToHaveTextAsync("POST", new() { Timeout = s_wait });
            await Assertions.Expect(latest.Locator("td.path")).ToHaveTextAsync("/api/v1/runtime/v1/chat", new() { Timeout = s_wait });
            await Assertions.Expect(latest.Locator("td.status")).ToHaveTextAsync("200", new() { Timeout = s_wait });
            Assert.Equal("no-reload", await page.EvaluateAsync<string>("() => window.inspectorMark"));

            await latest.ClickAsync(new() { Timeout = s_wait });
            ILocator chat = page.Locator(".chat");
            await Assertions.Expect(chat.Locator(".msg.user .bubble")).ToHaveTextAsync(Question, new() { Timeout = s_wait });
            await Assertions.Expect(chat.Locator(".call .call-name")).ToHaveTextAsync("get_weather", new() { Timeout = s_wait });
            await Assertions.Expect(chat.Locator(".call .call-result")).ToContainTextAsync("sunny, 21", new() { Timeout = s_wait });
            await Assertions.Expect(chat.Locator(".msg.answer .bubble")).ToHaveTextAsync(answer, new() { Timeout = s_wait });

            string html = await page.ContentAsync();
            Assert.DoesNotContain(ApiKey, html, StringComparison.Ordinal);
            await page.Locator(".tab[data-tab='headers']").ClickAsync(new() { Timeout = s_wait });
            await Assertions.Expect(page.Locator(".headers")).ToContainTextAsync("x-api-key[redacted]", new() { Timeout = s_wait });
            Assert.DoesNotContain(ApiKey, await page.ContentAsync(), StringComparison.Ordinal);

            await page.Locator(".tab[data-tab='conversation']").ClickAsync(new() { Timeout = s_wait });
            await Assertions.Expect(chat.Locator(".msg.answer")).ToBeVisibleAsync(new() { Timeout = s_wait });
            string screenshot = Path.Combine(AppContext.BaseDirectory, "inspector.png");
            byte[] png = await page.ScreenshotAsync(new() { Path = screenshot, Timeout = s_wait });
            TestContext.Current.AddAttachment("inspector.png", png, "image/png");
            TestContext.Current.TestOutputHelper?.WriteLine($"Inspector screenshot: {screenshot}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static async Task<string> AskAboutTheWeatherAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var runflow = new RunflowChatClient(new RunflowClientOptions
        {
            Endpoint = endpoint,
            ApiKey = ApiKey,
            ProjectId = "proj_inspector",
            Provider = "openai",
            DefaultModelId = "gpt-4o",
        });
        using IChatClient client = runflow.AsBuilder().UseFunctionInvocation().Build();
        ChatResponse response = await client.GetResponseAsync(
            Question,
            new ChatOptions { Tools = [AIFunctionFactory.Create(GetWeather, "get_weather")] },
            cancellationToken);
        Assert.Contains("sunny, 21", response.Text, StringComparison.Ordinal);
        return response.Text;
    }

    [Description("Gets the current weather for a city.")]
    private static string GetWeather([Description("The city name")] string city) => $"{city}: sunny, 21°C";
}

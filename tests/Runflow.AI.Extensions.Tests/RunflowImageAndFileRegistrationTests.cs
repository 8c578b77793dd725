#pragma warning disable MEAI001 // The image generator and hosted file client registrations are experimental, as their Microsoft.Extensions.AI types are.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Testing;
using Runflow.AI.Extensions.Tests.TestSupport;

namespace Runflow.AI.Extensions.Tests;

/// <summary>The image-generator and hosted-file-client registrations of <see cref="RunflowServiceCollectionExtensions"/>.</summary>
public sealed class RunflowImageAndFileRegistrationTests
{
    private const string ImageAnswer = """{"images":[{"url":"https://cdn.test/a.png"}],"model":"dall-e-3","provider":"openai"}""";

    private const string FileAnswer = """{"fileId":"file-1","provider":"openai"}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static void Live(RunflowClientOptions options)
    {
        options.Endpoint = new Uri("https://runflow.test/");
        options.ApiKey = TestClient.ApiKey;
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowImageGenerator_FromCode_SendsThroughTheFactoryClientAndItsMiddleware()
    {
        var handler = RecordingHandler.Json(ImageAnswer);
        var services = new ServiceCollection();
        ImageGeneratorBuilder builder = services.AddRunflowImageGenerator(o => { Live(o); o.ImageProvider = "azure"; });
        builder.ConfigureOptions(o => o.Count ??= 2);
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IImageGenerator>();
        var response = await generator.GenerateImagesAsync("A fox", cancellationToken: Token);

        Assert.IsType<UriContent>(Assert.Single(response.Contents));
        Assert.Equal(TestClient.ApiKey, handler.Single.Header("x-api-key"));
        TestClient.AssertJson("""{"prompt":"A fox","provider":"azure","n":2}""", handler.Single.Body);
        Assert.Equal("runflow", generator.GetService<ImageGeneratorMetadata>()!.ProviderName);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowImageGenerator_FromConfiguration_BindsTheImageOptions()
    {
        var handler = RecordingHandler.Json(ImageAnswer);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runflow:Endpoint"] = "https://gw.test/base/",
            ["Runflow:ApiKey"] = TestClient.ApiKey,
            ["Runflow:ImagesPath"] = "v2/images",
            ["Runflow:ImageProvider"] = "bedrock",
            ["Runflow:DefaultImageModelId"] = "titan-image",
        }).Build();
        var services = new ServiceCollection();
        services.AddRunflowImageGenerator(configuration.GetSection("Runflow"));
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IImageGenerator>().GenerateImagesAsync("A fox", cancellationToken: Token);

        Assert.Equal("https://gw.test/base/v2/images", handler.Single.Uri.ToString());
        TestClient.AssertJson("""{"prompt":"A fox","provider":"bedrock","model":"titan-image"}""", handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowImageGenerator_SameKeyAsAChatClient_SharesItsOptionsAndHttpClient()
    {
        var handler = RecordingHandler.Json(ImageAnswer);
        var services = new ServiceCollection();
        services.AddKeyedRunflowChatClient("studio", o => { Live(o); o.ProjectId = "p"; o.Provider = "openai"; o.DefaultModelId = "gpt-4o"; });
        services.AddKeyedRunflowImageGenerator("studio", o => o.DefaultImageModelId = "gpt-image-1");
        services.AddHttpClient(RunflowServiceCollectionExtensions.GetHttpClientName("studio")).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IImageGenerator>("studio").GenerateImagesAsync("A fox", cancellationToken: Token);

        // The key and endpoint came from the chat client's registration; the handler is that of the key's HttpClient.
        Assert.Equal(TestClient.ApiKey, handler.Single.Header("x-api-key"));
        TestClient.AssertJson("""{"prompt":"A fox","model":"gpt-image-1"}""", handler.Single.Body);
        Assert.Null(provider.GetService<IImageGenerator>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowImageGenerator_FromConfiguration_ResolvesByKey()
    {
        var handler = RecordingHandler.Json(ImageAnswer);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Images:Endpoint"] = "https://runflow.test/",
            ["Images:ApiKey"] = TestClient.ApiKey,
            ["Images:ImageProvider"] = "openai",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedRunflowImageGenerator("art", configuration.GetSection("Images"));
        services.AddHttpClient(RunflowServiceCollectionExtensions.GetHttpClientName("art")).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IImageGenerator>("art").GenerateImagesAsync("A fox", cancellationToken: Token);

        TestClient.AssertJson("""{"prompt":"A fox","provider":"openai"}""", handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowImageGenerator_MisspelledKey_FailsWhenFirstResolved()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runflow:ApiKey"] = "k",
            ["Runflow:ImageProvidr"] = "azure",
        }).Build();
        var services = new ServiceCollection();
        services.AddRunflowImageGenerator(configuration.GetSection("Runflow"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IImageGenerator>());

        Assert.Contains("Runflow:ImageProvidr is not a Runflow option; did you mean Runflow:ImageProvider?", error.Message);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowHostedFileClient_FromCode_RegistersTheClientAndItsMiddleware()
    {
        var handler = RecordingHandler.Json(FileAnswer);
        var wrapped = 0;
        var services = new ServiceCollection();
        HostedFileClientBuilder builder = services.AddRunflowHostedFileClient(o => { Live(o); o.Provider = "openai"; });
        builder.Use(inner =>
        {
            wrapped++;
            return inner;
        });
        services.AddHttpClient(RunflowServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IHostedFileClient>();
        var file = await client.UploadAsync(new MemoryStream([1, 2, 3]), "text/plain", "notes.txt", cancellationToken: Token);

        Assert.Equal("file-1", file.FileId);
        Assert.Equal(1, wrapped);
        Assert.Same(client, provider.GetRequiredService<IHostedFileClient>());
        Assert.Equal("https://runflow.test/api/v1/runtime/v1/files", handler.Single.Uri.ToString());
        Assert.Contains("name=\"provider\"\r\n\r\nopenai\r\n", handler.Single.Body);
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddRunflowHostedFileClient_TransientLifetime_GivesANewClientEachTime()
    {
        var services = new ServiceCollection();
        services.AddRunflowHostedFileClient(Live, ServiceLifetime.Transient);
        await using var provider = services.BuildServiceProvider();

        Assert.NotSame(provider.GetRequiredService<IHostedFileClient>(), provider.GetRequiredService<IHostedFileClient>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowHostedFileClient_FromConfiguration_SharesTheKeysHttpClient()
    {
        var handler = RecordingHandler.Json(FileAnswer);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runflow:Endpoint"] = "https://runflow.test/",
            ["Runflow:ApiKey"] = TestClient.ApiKey,
            ["Runflow:Provider"] = "anthropic",
            ["Runflow:FilesPath"] = "v2/files",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedRunflowHostedFileClient("docs", configuration.GetSection("Runflow"));
        services.AddHttpClient(RunflowServiceCollectionExtensions.GetHttpClientName("docs")).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IHostedFileClient>("docs").UploadAsync(new MemoryStream([1]), "text/plain", "a.txt", cancellationToken: Token);

        Assert.Equal("https://runflow.test/v2/files", handler.Single.Uri.ToString());
        Assert.Contains("name=\"provider\"\r\n\r\nanthropic\r\n", handler.Single.Body);
        Assert.Null(provider.GetService<IHostedFileClient>());
    }

    [Fact(Timeout = TestBounds.Test)]
    public async Task AddKeyedRunflowHostedFileClient_InvalidOptions_FailWhenFirstResolved()
    {
        var services = new ServiceCollection();
        services.AddKeyedRunflowHostedFileClient("docs", o => o.FilesPath = "");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredKeyedService<IHostedFileClient>("docs"));

        Assert.Contains("RunflowClientOptions.ApiKey is required", error.Message);
    }
}

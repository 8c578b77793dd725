using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>A started emulator and a raw HttpClient pointed at it, over real loopback HTTP.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public const string ApiKey = "rf_test_key_123";
    public const string ChatPath = "api/v1/runtime/v1/chat";
    public const string StreamPath = "api/v1/runtime/v1/chat/stream";
    public const string EmbeddingsPath = "api/v1/runtime/v1/embeddings";
    public const string FilesPath = "api/v1/runtime/v1/files";
    public const string ImagesPath = "api/v1/runtime/v1/images/generate";
    public const string TenantId = "tenant_test";

    private EmulatorHarness(RunflowEmulator emulator)
    {
        Emulator = emulator;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = emulator.Endpoint,
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public RunflowEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<EmulatorHarness> StartAsync(RunflowEmulatorOptions? options = null)
    {
        var emulator = new RunflowEmulator(options ?? new RunflowEmulatorOptions());
        await emulator.StartAsync(Token);
        return new EmulatorHarness(emulator);
    }

    /// <summary>A valid request body with one user message.</summary>
    public static JsonObject Request(string userText) => Request(("user", userText));

    /// <summary>A valid request body with the given messages.</summary>
    public static JsonObject Request(params (string Role, string Content)[] messages)
    {
        var items = new JsonArray();
        foreach ((string role, string content) in messages)
        {
            items.Add(new JsonObject { ["role"] = role, ["content"] = content });
        }

        return new JsonObject
        {
            ["projectId"] = "proj_test",
            ["provider"] = "openai",
            ["model"] = "gpt-4o",
            ["messages"] = items,
        };
    }

    /// <summary>An embeddings request body for the given texts, with every other field left to its default.</summary>
    public static JsonObject EmbeddingsRequest(params string[] inputs)
    {
        var items = new JsonArray();
        foreach (string input in inputs)
        {
            items.Add(input);
        }

        return new JsonObject { ["input"] = items };
    }

    /// <summary>The vectors of an embeddings answer in OpenAI's shape, in <c>data</c> order.</summary>
    public static float[][] Vectors(JsonObject answer) =>
        answer["data"]!.AsArray().Select(item => item!["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray()).ToArray();

    public static JsonObject Tool(string name, string parametersJson) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = name,
            ["description"] = $"The {name} tool.",
            ["parameters"] = JsonNode.Parse(parametersJson),
        },
    };

    public HttpRequestMessage Message(string path, string body, string? apiKey = ApiKey, string header = "x-api-key")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        if (apiKey is not null)
        {
            if (header == "x-api-key")
            {
                message.Headers.Add("x-api-key", apiKey);
            }
            else
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }
        }

        return message;
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? apiKey = ApiKey, string header = "x-api-key") =>
        Http.SendAsync(Message(path, body, apiKey, header), Token);

    public Task<HttpResponseMessage> PostChatAsync(JsonObject body) => PostAsync(ChatPath, body.ToJsonString());

    /// <summary>Posts to the embeddings endpoint with an API key and, unless <paramref name="tenantId"/> is null, a tenant header.</summary>
    public Task<HttpResponseMessage> PostEmbeddingsAsync(string body, string? tenantId = TenantId, string? apiKey = ApiKey)
    {
        HttpRequestMessage message = Message(EmbeddingsPath, body, apiKey);
        if (tenantId is not null)
        {
            message.Headers.Add("x-runflow-tenant-id", tenantId);
        }

        return Http.SendAsync(message, Token);
    }

    /// <summary>Posts to the embeddings endpoint, expects 200, and returns the body text.</summary>
    public async Task<string> EmbedTextAsync(JsonObject body)
    {
        using HttpResponseMessage response = await PostEmbeddingsAsync(body.ToJsonString());
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Posts to the embeddings endpoint, expects 200, and returns the parsed body.</summary>
    public async Task<JsonObject> EmbedAsync(JsonObject body) => JsonNode.Parse(await EmbedTextAsync(body))!.AsObject();

    /// <summary>Posts to the chat endpoint, expects 200, and returns the parsed body.</summary>
    public async Task<JsonObject> ChatAsync(JsonObject body)
    {
        using HttpResponseMessage response = await PostChatAsync(body);
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Posts to the streaming endpoint, expects 200, and returns the whole streamed text.</summary>
    public async Task<string> StreamAsync(JsonObject body)
    {
        using HttpResponseMessage response = await PostAsync(StreamPath, body.ToJsonString());
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>A multipart body as a browser sends it: each field, then the file part when a file name is given.</summary>
    public static MultipartFormDataContent Upload(byte[] file, string? fileName = "report.pdf", string? mediaType = "application/pdf", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent("emulator-test-boundary");
        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var part = new ByteArrayContent(file);
        if (mediaType is not null)
        {
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        if (fileName is null)
        {
            form.Add(part, "file");
        }
        else
        {
            form.Add(part, "file", fileName);
        }

        return form;
    }

    /// <summary>Posts a body to the file-upload endpoint with an API key.</summary>
    public Task<HttpResponseMessage> PostFileAsync(HttpContent content, string? apiKey = ApiKey)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, FilesPath) { Content = content };
        if (apiKey is not null)
        {
            message.Headers.Add("x-api-key", apiKey);
        }

        return Http.SendAsync(message, Token);
    }

    /// <summary>Uploads a file, expects 200, and returns the file reference inside the answer's envelope.</summary>
    public async Task<JsonObject> UploadAsync(HttpContent content)
    {
        using HttpResponseMessage response = await PostFileAsync(content);
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        JsonObject answer = JsonNode.Parse(text)!.AsObject();
        Assert.True(answer["success"]!.GetValue<bool>());
        return answer["data"]!.AsObject();
    }

    /// <summary>Asks for images, expects 200, and returns the answer inside its envelope.</summary>
    public async Task<JsonObject> GenerateImagesAsync(JsonObject body)
    {
        using HttpResponseMessage response = await PostAsync(ImagesPath, body.ToJsonString());
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        JsonObject answer = JsonNode.Parse(text)!.AsObject();
        Assert.True(answer["success"]!.GetValue<bool>());
        return answer["data"]!.AsObject();
    }

    /// <summary>The images of an image-generation answer, decoded from their base64.</summary>
    public static byte[][] Images(JsonObject answer) =>
        answer["images"]!.AsArray().Select(image => Convert.FromBase64String(image!["b64Json"]!.GetValue<string>())).ToArray();

    /// <summary>Reads until the body ends or fails; returns the bytes received and the failure, if any.</summary>
    public static async Task<(int Received, Exception? Failure)> DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int received = 0;
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received += read;
            }

            return (received, null);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return (received, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

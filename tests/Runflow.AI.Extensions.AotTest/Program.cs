// A native-AOT smoke test: a tool-calling round trip, a stream, an image in chat, image generation and a file upload
// against a Runflow endpoint (the emulator in CI). Usage: Runflow.AI.Extensions.AotTest <endpoint>; exits 0 only when
// all of them worked.
#pragma warning disable MEAI001 // The image generator and hosted file client are experimental, as their Microsoft.Extensions.AI interfaces are.
using System.Text.Json;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

var endpoint = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5080/");
var options = new RunflowClientOptions
{
    Endpoint = endpoint,
    ApiKey = "aot-key",
    ProjectId = "aot",
    Provider = "openai",
    DefaultModelId = "gpt-4o",
};
using var runflow = new RunflowChatClient(options);

using var client = runflow.AsBuilder().UseFunctionInvocation().Build();
var tool = new AddFunction();

var response = await client.GetResponseAsync("Use add with a=2 and b=3.", new ChatOptions { Tools = [tool] });
Console.WriteLine($"tool turn: {response.Text}");

var streamed = string.Concat(await client.GetStreamingResponseAsync("Stream this back").Select(u => u.Text).ToListAsync());
Console.WriteLine($"stream: {streamed}");

// A GIF89a header with a 40×30 logical screen, a two-colour table and the trailer: content parts go through the
// source-generated serializer too.
byte[] gif = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 40, 0, 30, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x3B];
var seen = await client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("What is this?"), new DataContent(gif, "image/gif")])]);
Console.WriteLine($"image: {seen.Text}");

using var images = new RunflowImageGenerator(options);
var image = (await images.GenerateImagesAsync("A lighthouse at dawn")).Contents.OfType<DataContent>().FirstOrDefault();
Console.WriteLine($"image: {image?.MediaType}, {image?.Data.Length} bytes");

using var files = new RunflowHostedFileClient(options);
var file = await files.UploadAsync(new MemoryStream("%PDF-1.4 AOT"u8.ToArray()), "application/pdf", "aot.pdf");
Console.WriteLine($"file: {file.FileId}, {file.SizeInBytes} bytes");

var ok = tool.Calls == 1 && response.Text.Contains('5') && streamed.Contains("Stream this back") && seen.Text.Contains("40×30 pixels")
    && image?.MediaType == "image/png" && file.FileId.StartsWith("file-", StringComparison.Ordinal) && file.SizeInBytes == 12;
Console.WriteLine(ok ? "AOT round trip passed" : "AOT round trip FAILED");
return ok ? 0 : 1;

/// <summary>A hand-written AIFunction: no reflection, so nothing for the trimmer to lose.</summary>
internal sealed class AddFunction : AIFunction
{
    private static readonly JsonElement Schema = JsonDocument.Parse(
        """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""").RootElement;

    public int Calls { get; private set; }

    public override string Name => "add";

    public override string Description => "Adds two integers.";

    public override JsonElement JsonSchema => Schema;

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        Calls++;
        var sum = Read(arguments, "a") + Read(arguments, "b");
        return new ValueTask<object?>(sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int Read(AIFunctionArguments arguments, string name) => arguments[name] switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } number => number.GetInt32(),
        JsonElement { ValueKind: JsonValueKind.String } text => int.Parse(text.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        var other => Convert.ToInt32(other, System.Globalization.CultureInfo.InvariantCulture),
    };
}

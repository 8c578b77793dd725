// Files and images in chat: upload a PDF to the provider through Runflow, then ask the model about it and about an image.
// Pass a file to upload your own: dotnet run --project samples/Runflow.AI.Samples.Vision -- invoice.pdf
#pragma warning disable MEAI001 // IHostedFileClient and IImageGenerator are experimental in Microsoft.Extensions.AI, and so are their Runflow clients.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();
using IHostedFileClient files = new RunflowHostedFileClient(backend.Options);
using IImageGenerator images = new RunflowImageGenerator(backend.Options);
using IChatClient chat = new RunflowChatClient(backend.Options);

var (bytes, mediaType, name) = args.Length > 0
    ? (await File.ReadAllBytesAsync(args[0]), MediaTypeOf(args[0]), Path.GetFileName(args[0]))
    : (Report("Quarterly report, Q3", "Revenue: 4.2 million EUR, up 12% on Q2.", "Customers: 1,830 (+140).", "Churn: 2.1%, down from 2.6%."), "application/pdf", "quarterly-report.pdf");

var file = await files.UploadAsync(new MemoryStream(bytes), mediaType, name);
Console.WriteLine($"Uploaded {file.Name} ({file.SizeInBytes:N0} bytes, {file.MediaType}) as {file.FileId}");
await AskAsync("What are the key figures in this document?", file);

var generated = await images.GenerateImagesAsync("A bar chart of quarterly revenue, four bars rising from left to right");
if (generated.Contents.FirstOrDefault(c => c is DataContent or UriContent) is { } chart)
{
    Console.WriteLine($"Generated {Describe(chart)}");
    await AskAsync("What does this chart show?", chart);
}

async Task AskAsync(string question, AIContent attachment)
{
    Console.WriteLine($"> {question} [{Describe(attachment)}]");
    var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent(question), attachment])]);
    Console.WriteLine(response.Text);
}

static string Describe(AIContent content) => content switch
{
    HostedFileContent hosted => $"file {hosted.FileId}",
    DataContent data => $"an image ({data.Data.Length:N0} bytes, {data.MediaType})",
    UriContent uri => $"an image at {uri.Uri}",
    _ => content.GetType().Name,
};

static string MediaTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
{
    ".pdf" => "application/pdf",
    ".png" => "image/png",
    ".jpg" or ".jpeg" => "image/jpeg",
    ".txt" => "text/plain",
    ".csv" => "text/csv",
    ".json" => "application/json",
    _ => "application/octet-stream",
};

// A one-page PDF with a line of text per argument: five objects (catalog, page tree, page, content stream, font) and the
// cross-reference table that gives each one's byte offset.
static byte[] Report(params string[] lines)
{
    var text = new StringBuilder("BT /F1 14 Tf 72 740 Td 20 TL");
    foreach (var line in lines)
    {
        text.Append(CultureInfo.InvariantCulture, $" ({line.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)")}) Tj T*");
    }

    var stream = text.Append(" ET").ToString();
    string[] objects =
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];

    var pdf = new StringBuilder("%PDF-1.4\n");
    var offsets = new List<int>();
    for (var i = 0; i < objects.Length; i++)
    {
        offsets.Add(pdf.Length);
        pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
    }

    var xref = pdf.Length;
    pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
    foreach (var offset in offsets)
    {
        pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
    }

    pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    return Encoding.ASCII.GetBytes(pdf.ToString());
}

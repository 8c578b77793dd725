// Retrieval on Runflow: embed a few documents and a question, rank the documents by cosine similarity, and answer the
// question with the chat client, using the best match as context.
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Runflow.AI.Extensions;

await using var backend = await SampleBackend.StartAsync();
using IEmbeddingGenerator<string, Embedding<float>> embeddings = new RunflowEmbeddingGenerator(backend.Options);
using IChatClient chat = new RunflowChatClient(backend.Options);

string[] documents =
[
    "To reset your password, open Settings, choose Security and click Reset password.",
    "Invoices are emailed on the first business day of every month.",
    "Our office in Lisbon is open from 9:00 to 18:00, Monday to Friday.",
    "API keys can be rotated from the project page; old keys stop working after one hour.",
    "The mobile app supports offline mode for saved documents.",
];

var question = args.Length > 0 ? string.Join(' ', args) : "How do I reset my password?";
Console.WriteLine($"> {question}");

var documentVectors = await embeddings.GenerateAsync(documents);
var questionVector = await embeddings.GenerateVectorAsync(question);

var ranked = documents
    .Select((text, i) => (Text: text, Score: TensorPrimitives.CosineSimilarity(questionVector.Span, documentVectors[i].Vector.Span)))
    .OrderByDescending(match => match.Score)
    .ToList();

foreach (var (text, score) in ranked)
{
    Console.WriteLine($"  {score:F3}  {text}");
}

var response = await chat.GetResponseAsync(
[
    new ChatMessage(ChatRole.System, $"Answer using only this context: {ranked[0].Text}"),
    new ChatMessage(ChatRole.User, question),
]);
Console.WriteLine(response.Text);

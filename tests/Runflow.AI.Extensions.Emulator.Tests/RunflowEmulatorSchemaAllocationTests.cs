using System.Net;
using System.Text.Json.Nodes;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.Emulator.Tests;

/// <summary>A schema asking for gigabytes is refused before the emulator allocates them.</summary>
[Collection(nameof(AllocationMeasuredCollection))]
public sealed class RunflowEmulatorSchemaAllocationTests
{
    // The refusal, its request and its answer take well under a megabyte; what the schemas ask for takes gigabytes.
    private const long AllocationBound = 50L * 1024 * 1024;

    [Theory(Timeout = TestBounds.Test)]
    [InlineData("""{"type":"array","items":{"type":"integer"},"minItems":2000000000}""", "minItems")]
    [InlineData("""{"type":"string","minLength":2000000000}""", "minLength")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"integer"},"minProperties":2000000000}""", "minProperties")]
    [InlineData("""{"type":"string","pattern":"^a{2000000000}$"}""", "pattern")]
    public async Task Chat_SchemaAskingForGigabytes_IsRefusedWithinAFewMegabytes(string schema, string keyword)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.ChatAsync(EmulatorHarness.Request("warm up"));
        JsonObject body = RunflowEmulatorSchemaBoundsTests.WithResponseSchema(schema);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        using HttpResponseMessage response = await harness.PostChatAsync(body);
        string error = await response.Content.ReadAsStringAsync(EmulatorHarness.Token);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(keyword, error, StringComparison.Ordinal);
        Assert.True(allocated < AllocationBound, $"allocated {allocated:N0} bytes");
    }
}

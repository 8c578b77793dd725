using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Runflow.AI.Extensions.Emulator;
using Runflow.AI.Extensions.Testing;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A non-streaming answer slower than the ServiceDefaults' 10 s attempt and 30 s total timeouts.</summary>
/// <remarks>Its own class so that it runs beside <see cref="RunflowServiceDefaultsStreamingTests"/>: each takes 45 s of
/// real time, since the timeouts under test are the resilience handler's real ones.</remarks>
public sealed class RunflowServiceDefaultsResponseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestBounds.LongTest)]
    public async Task GetResponseAsync_AnswerTakes45sUnderServiceDefaults_Succeeds()
    {
        await using var emulator = new RunflowEmulator();
        await emulator.StartAsync(Token);
        emulator.Enqueue(new RunflowEmulatorReply { Text = "A slow, considered answer.", HeadersDelay = TimeSpan.FromSeconds(45) });
        await using var provider = ServiceDefaultsServices.Build(emulator.Endpoint);
        var clock = Stopwatch.StartNew();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Think hard.", cancellationToken: Token);

        Assert.Equal("A slow, considered answer.", response.Text);
        // The emulator's delay runs on a timer, which counts whole milliseconds of its own clock: it can end a fraction
        // of a millisecond before the Stopwatch reads 45 s (44.9995 s was seen), so a few milliseconds are allowed.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(45) - TimeSpan.FromMilliseconds(20), $"answered after {clock.Elapsed}, before the scripted delay");
        Assert.Single(emulator.TakeRequests());
    }
}

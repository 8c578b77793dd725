using Microsoft.Extensions.Time.Testing;
using Runflow.AI.Extensions.Protocol;

namespace Runflow.AI.Extensions.Tests.Protocol;

public sealed class RunflowSharedTimeoutTests
{
    [Fact]
    public void Current_WithinAWindow_IsTheSameSourceAndAfterItANewOne()
    {
        var clock = new FakeTimeProvider();
        var timeout = new RunflowSharedTimeout(TimeSpan.FromSeconds(16), clock);

        var first = timeout.Current;
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var sameWindow = timeout.Current;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var nextWindow = timeout.Current;

        Assert.Same(first, sameWindow);
        Assert.NotSame(first, nextWindow);
        Assert.Same(nextWindow, timeout.Current);
    }

    [Fact]
    public void Current_CancelsNoSoonerThanTheTimeoutAfterTheLastCallOfItsWindowStarted()
    {
        var clock = new FakeTimeProvider();
        var timeout = new RunflowSharedTimeout(TimeSpan.FromMilliseconds(1600), clock);

        var source = timeout.Current;
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Same(source, timeout.Current);
        clock.Advance(TimeSpan.FromMilliseconds(1600));
        Assert.False(source.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(source.IsCancellationRequested);
        Assert.False(timeout.Current.IsCancellationRequested);
    }

    [Fact]
    public void Current_ALongTimeout_HasWindowsOfASecondAndIsHeldAtTheLongestDelayATokenSourceTakes()
    {
        var clock = new FakeTimeProvider();
        var timeout = new RunflowSharedTimeout(TimeSpan.FromDays(100), clock);

        var first = timeout.Current;
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = timeout.Current;

        Assert.NotSame(first, second);
        clock.Advance(TimeSpan.FromDays(49));
        Assert.False(first.IsCancellationRequested);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.True(first.IsCancellationRequested);
    }
}

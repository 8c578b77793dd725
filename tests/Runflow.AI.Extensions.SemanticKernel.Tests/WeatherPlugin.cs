using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Runflow.AI.Extensions.SemanticKernel.Tests;

/// <summary>A kernel plugin that counts its calls, so tests can see that Semantic Kernel invoked it.</summary>
public sealed class WeatherPlugin
{
    private int _calls;

    public int Calls => _calls;

    public List<string> Cities { get; } = [];

    [KernelFunction("get_weather")]
    [Description("Gets the current weather for a city.")]
    public string GetWeather([Description("The city")] string city)
    {
        Interlocked.Increment(ref _calls);
        lock (Cities)
        {
            Cities.Add(city);
        }

        return $"Sunny, 21C in {city}";
    }
}

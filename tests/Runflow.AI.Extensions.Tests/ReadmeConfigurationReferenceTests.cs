using System.Reflection;
using System.Text.RegularExpressions;

namespace Runflow.AI.Extensions.Tests;

/// <summary>README's configuration reference has one row per option, so it cannot drift from <see cref="RunflowClientOptions"/>.</summary>
public sealed partial class ReadmeConfigurationReferenceTests
{
    [Fact]
    public void ConfigurationReference_EverySettableProperty_HasARow()
    {
        var missing = SettableProperties().Except(Rows()).ToList();

        Assert.True(missing.Count == 0, $"README's configuration reference has no row for: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void ConfigurationReference_EveryRow_NamesASettableProperty()
    {
        var unknown = Rows().Except(SettableProperties()).ToList();

        Assert.True(unknown.Count == 0, $"README's configuration reference has rows for no option: {string.Join(", ", unknown)}.");
    }

    private static IEnumerable<string> SettableProperties() =>
        typeof(RunflowClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name);

    /// <summary>The option each row of the table under <c>## Configuration reference</c> names in its first cell.</summary>
    private static List<string> Rows()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("\n## Configuration reference\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Configuration reference' section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        var rows = Row().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(rows);
        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Runflow.AI.Extensions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Runflow.AI.Extensions.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\| `Runflow:([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}

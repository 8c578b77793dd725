namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// The assemblies of this process's trusted platform list (TRUSTED_PLATFORM_ASSEMBLIES), split by the shared framework
/// that ships them: …/shared/Microsoft.NETCore.App/… or …/shared/Microsoft.AspNetCore.App/….
/// </summary>
internal sealed class SharedFrameworkAssemblies
{
    private static readonly Lazy<SharedFrameworkAssemblies> Current = new(() => new SharedFrameworkAssemblies());

    private readonly Dictionary<string, string> byFileName;

    private SharedFrameworkAssemblies()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? throw new InvalidOperationException("No TRUSTED_PLATFORM_ASSEMBLIES."))
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        byFileName = trusted.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);
        NetCoreApp = Framework(trusted, "Microsoft.NETCore.App");
        AspNetCoreApp = Framework(trusted, "Microsoft.AspNetCore.App");
    }

    /// <summary>The assemblies this process was given.</summary>
    public static SharedFrameworkAssemblies Instance => Current.Value;

    /// <summary>Microsoft.NETCore.App, which every app has.</summary>
    public IReadOnlyList<string> NetCoreApp { get; }

    /// <summary>Microsoft.AspNetCore.App, which an app has when one of its packages needs it.</summary>
    public IReadOnlyList<string> AspNetCoreApp { get; }

    /// <summary>The path this process loads an assembly file from (a package's copy when it is newer than the framework's), or null.</summary>
    public string? Resolve(string fileName) => byFileName.GetValueOrDefault(fileName);

    /// <summary>
    /// The framework's assemblies: those loaded from its folder, and those of its names that an app-local package copy
    /// replaces (the copy is what this process has, so it stands for the framework's one).
    /// </summary>
    private static List<string> Framework(string[] trusted, string name)
    {
        var marker = $"/shared/{name}/";
        var folder = trusted.Select(Path.GetDirectoryName).FirstOrDefault(dir => dir is not null && (dir.Replace('\\', '/') + "/").Contains(marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The test process has no {name} assemblies; its project must reference that shared framework.");
        return trusted.Where(path => Path.GetDirectoryName(path) == folder || File.Exists(Path.Combine(folder, Path.GetFileName(path)))).ToList();
    }
}

using Microsoft.Extensions.DependencyModel;

namespace Runflow.AI.Extensions.DocsTests;

/// <summary>
/// The packages a snippet may name, read from this test's own deps.json: every package and project library in it, with
/// its dependencies and runtime assemblies. The repository's projects appear there as project libraries with their
/// package dependencies, which is how a reader gets them as packages.
/// </summary>
internal sealed class PackageCatalog
{
    /// <summary>
    /// Packages whose users also get the ASP.NET Core shared framework (they carry a framework reference to it, which
    /// deps.json does not record).
    /// </summary>
    public static readonly IReadOnlySet<string> NeedingAspNetCore = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Runflow.AI.Extensions.Emulator",
        "Microsoft.AspNetCore.Mvc.Testing",
        "Microsoft.AspNetCore.TestHost",
    };

    private static readonly Lazy<PackageCatalog> Current = new(() => new PackageCatalog());

    private readonly Dictionary<string, RuntimeLibrary> libraries;

    private PackageCatalog()
    {
        var self = typeof(PackageCatalog).Assembly;
        var context = DependencyContext.Load(self) ?? throw new InvalidOperationException($"No deps.json beside {self.Location}.");
        var selfName = self.GetName().Name;
        libraries = context.RuntimeLibraries
            .Where(library => library.Type is "package" or "project" && library.Name != selfName)
            .ToDictionary(library => library.Name, StringComparer.OrdinalIgnoreCase);
        DirectReferences = context.RuntimeLibraries.Single(library => library.Name == selfName).Dependencies
            .Select(dependency => dependency.Name)
            .Where(libraries.ContainsKey)
            .ToList();
    }

    /// <summary>The catalog of this test's deps.json.</summary>
    public static PackageCatalog Instance => Current.Value;

    /// <summary>The packages and projects the test project references itself: those a snippet is expected to name.</summary>
    public IReadOnlyList<string> DirectReferences { get; }

    /// <summary>The package's id as deps.json spells it, or null when the test does not know the package.</summary>
    public string? Find(string package) => libraries.TryGetValue(package, out var library) ? library.Name : null;

    /// <summary>The packages and everything they bring, transitively.</summary>
    public IReadOnlySet<string> Closure(IEnumerable<string> packages)
    {
        var closure = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(packages);
        while (pending.TryPop(out var name))
        {
            if (libraries.TryGetValue(name, out var library) && closure.Add(library.Name))
            {
                foreach (var dependency in library.Dependencies)
                {
                    pending.Push(dependency.Name);
                }
            }
        }

        return closure;
    }

    /// <summary>
    /// The assemblies a program that adds exactly <paramref name="packages"/> compiles against: Microsoft.NETCore.App,
    /// Microsoft.AspNetCore.App when a package of the closure needs it, and the runtime assemblies of the closure.
    /// </summary>
    public IReadOnlyList<string> AssemblyPaths(IEnumerable<string> packages)
    {
        var frameworks = SharedFrameworkAssemblies.Instance;
        var closure = Closure(packages);
        var paths = new List<string>(frameworks.NetCoreApp);
        if (closure.Any(NeedingAspNetCore.Contains))
        {
            paths.AddRange(frameworks.AspNetCoreApp);
        }

        foreach (var library in closure.Select(name => libraries[name]))
        {
            var files = library.RuntimeAssemblyGroups
                .Where(group => string.IsNullOrEmpty(group.Runtime))
                .SelectMany(group => group.AssetPaths)
                .Select(Path.GetFileName)
                .OfType<string>()
                .ToList();

            // A package whose assembly lost to a shared framework's newer copy has no runtime assets here; a reader's
            // app without that framework would load the package's, the same assembly.
            if (files.Count == 0 && frameworks.Resolve(library.Name + ".dll") is not null)
            {
                files.Add(library.Name + ".dll");
            }

            paths.AddRange(files.Select(file => frameworks.Resolve(file) ?? Path.Combine(AppContext.BaseDirectory, file)));
        }

        return paths.Distinct(StringComparer.Ordinal).ToList();
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Runflow.AI.Extensions;

/// <summary>Argument checks that return the checked argument, so a check and an assignment are one expression.</summary>
internal static class Throw
{
    /// <summary>Throws <see cref="ArgumentNullException"/> when <paramref name="argument"/> is null.</summary>
    public static T IfNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(argument, paramName);
        return argument;
    }

    /// <summary>Throws when <paramref name="argument"/> is null, empty or white space.</summary>
    public static string IfNullOrWhiteSpace([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(argument, paramName);
        return argument;
    }
}

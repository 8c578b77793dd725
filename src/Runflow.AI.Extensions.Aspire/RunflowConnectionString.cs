using System.Data.Common;

namespace Runflow.AI.Extensions.Aspire;

/// <summary>Reads <c>Endpoint=…;Key=…;ProjectId=…;Provider=…;Model=…</c> into <see cref="RunflowClientSettings"/>.</summary>
internal static class RunflowConnectionString
{
    /// <summary>The keys a Runflow connection string may hold, in the order they are written.</summary>
    internal static readonly string[] Keys = ["Endpoint", "Key", "ProjectId", "Provider", "Model"];

    /// <summary>Sets the settings the connection string names, leaving the others as they are.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="source">Where it came from, such as <c>ConnectionStrings:runflow</c>, for the error messages.</param>
    /// <param name="settings">The settings to change.</param>
    /// <exception cref="InvalidOperationException">The string is malformed, has a key that is not one of <see cref="Keys"/>,
    /// or an <c>Endpoint</c> that is not an absolute http(s) URL. The message never holds the key's value.</exception>
    public static void Apply(string connectionString, string source, RunflowClientSettings settings)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the string, which may hold the key.
            throw new InvalidOperationException($"{source} is not a connection string of the form Endpoint=…;Key=…;ProjectId=…;Provider=…;Model=….");
        }

        foreach (string key in builder.Keys)
        {
            string? value = builder[key]?.ToString();
            switch (Array.Find(Keys, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)))
            {
                case "Endpoint":
                    settings.Endpoint = ParseEndpoint(value, source);
                    break;
                case "Key":
                    settings.Key = value;
                    break;
                case "ProjectId":
                    settings.ProjectId = value;
                    break;
                case "Provider":
                    settings.Provider = value;
                    break;
                case "Model":
                    settings.Model = value;
                    break;
                default:
                    throw new InvalidOperationException($"{source} has the key '{key}', which is not a Runflow connection string key; the keys are {string.Join(", ", Keys)}.");
            }
        }
    }

    /// <summary>Reads an endpoint, naming <paramref name="source"/>'s <c>Endpoint</c> when it is not an absolute http(s) URL.</summary>
    /// <param name="value">The text.</param>
    /// <param name="source">Where it came from.</param>
    /// <returns>The address.</returns>
    internal static Uri ParseEndpoint(string? value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"{source} Endpoint '{value}' is not an absolute http or https URL.");
}

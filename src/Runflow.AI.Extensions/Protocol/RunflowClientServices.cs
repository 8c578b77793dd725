namespace Runflow.AI.Extensions.Protocol;

/// <summary>The <c>GetService</c> every Runflow client answers alike.</summary>
internal static class RunflowClientServices
{
    /// <summary>Gets the client's metadata when asked for exactly its type, the client when it is an instance of the
    /// type asked for, and nothing for a keyed service.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public static object? Get(object client, object metadata, Type serviceType, object? serviceKey)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == metadata.GetType())
        {
            return metadata;
        }

        return serviceType.IsInstanceOfType(client) ? client : null;
    }
}

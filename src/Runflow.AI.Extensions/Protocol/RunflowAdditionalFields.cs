using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Carries a caller's <c>AdditionalProperties</c> into a request body: a string under the name of one of Runflow's own
/// string fields sets that field; a key the mapper takes itself is handled by it; any other value travels as a
/// top-level field of its own, and replaces the request's field of the same name.
/// </summary>
/// <typeparam name="T">The request's wire type.</typeparam>
internal sealed class RunflowAdditionalFields<T>
    where T : class
{
    // The request's fields by wire name, from the source-generated metadata, so a new field cannot be forgotten here.
    private readonly Dictionary<string, Action<object, object?>> _setters;
    private readonly string _optionsName;
    private readonly string[] _stringFields;

    /// <summary>Initializes a new instance of the <see cref="RunflowAdditionalFields{T}"/> class.</summary>
    /// <param name="typeInfo">The request's metadata.</param>
    /// <param name="optionsName">The options type the values come from, for messages: <c>ChatOptions</c>.</param>
    /// <param name="stringFields">The fields a string value sets rather than replaces: <c>provider</c>, <c>providerName</c>.</param>
    public RunflowAdditionalFields(JsonTypeInfo<T> typeInfo, string optionsName, params string[] stringFields)
    {
        _setters = typeInfo.Properties
            .Where(property => property.Set is not null)
            .ToDictionary(property => property.Name, property => property.Set!, StringComparer.Ordinal);
        _optionsName = optionsName;
        _stringFields = stringFields;
    }

    /// <summary>Applies the values to a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="additional">The caller's values.</param>
    /// <param name="take">Handles a key the mapper maps itself and returns <see langword="true"/>, or throws for a key
    /// that may not be replaced; returns <see langword="false"/> for any other.</param>
    /// <returns>The fields to send as they are, or <see langword="null"/> for none.</returns>
    /// <exception cref="ArgumentException">A value cannot be sent as JSON.</exception>
    public Dictionary<string, JsonElement>? Apply(T request, AdditionalPropertiesDictionary additional, Func<T, string, object?, bool> take)
    {
        Dictionary<string, JsonElement>? fields = null;
        foreach (var (key, value) in additional)
        {
            if (value is string text && Array.IndexOf(_stringFields, key) >= 0)
            {
                _setters[key](request, text);
                continue;
            }

            if (take(request, key, value))
            {
                continue;
            }

            if (_setters.TryGetValue(key, out var set))
            {
                set(request, null);
            }

            (fields ??= []).Add(key, ToField(key, value));
        }

        return fields;
    }

    private JsonElement ToField(string key, object? value)
    {
        try
        {
            // Serializing a task, a stream or a delegate would send its properties, never what the caller meant.
            return value is Task or Stream or Delegate
                ? throw new NotSupportedException("It is not a value.")
                : RunflowJson.ToJsonElement(value);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException(
                $"{_optionsName}.AdditionalProperties[\"{key}\"] holds a {value!.GetType().Name}, which cannot be sent as JSON: {ex.Message}", "options", ex);
        }
    }
}

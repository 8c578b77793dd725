namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Marks a Runflow named <see cref="HttpClient"/> as configured, so a second registration under the same name
/// (a chat client and an embedding generator sharing a key, or <c>AddRunflowResilience</c>) does not configure it again,
/// and in particular does not remove a resilience handler added in between.</summary>
/// <param name="Name">The client's name.</param>
internal sealed record RunflowHttpClientRegistration(string Name);

namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/apps/{app}/keys</c>: the app's API keys, without the keys.</summary>
/// <param name="Keys">The keys, oldest first.</param>
public sealed record ApiKeyList(IReadOnlyList<ApiKeyEntry> Keys);

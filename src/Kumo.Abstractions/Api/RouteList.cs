namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/routes</c>: routes by app, path and method.</summary>
/// <param name="Routes">The routes.</param>
public sealed record RouteList(IReadOnlyList<RouteEntry> Routes);

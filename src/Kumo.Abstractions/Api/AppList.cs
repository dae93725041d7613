namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/apps</c>: every app that has routes or settings, by name.</summary>
/// <param name="Apps">The apps.</param>
public sealed record AppList(IReadOnlyList<AppEntry> Apps);

using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>
/// The body of <c>PUT /_kumo/v1/apps/{app}</c>: the app's settings, replacing the ones it has (its API keys are
/// kept). A field left out means none: no CORS, debug off, no authorisers. An unknown field is refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AppRequest
{
    /// <summary>CORS for all of the app's routes; absent for none.</summary>
    public CorsSettings? Cors { get; init; }

    /// <summary>Whether a failed function's error is shown in the 502's body (default false).</summary>
    public bool? Debug { get; init; }

    /// <summary>The authorisers routes can name, by name (1–64 letters, digits, '-' and '_').</summary>
    public IReadOnlyDictionary<string, AuthorizerSettings?>? Authorizers { get; init; }
}

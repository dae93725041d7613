using System.Text.Json.Nodes;

namespace Kumo.Gateway.Http.Auth;

/// <summary>What an authoriser decided about a request.</summary>
internal sealed record AuthorizationOutcome
{
    private AuthorizationOutcome(AuthorizationVerdict verdict, string reason, JsonObject? context)
    {
        Verdict = verdict;
        Reason = reason;
        Context = context;
    }

    /// <summary>Allowed, unauthorised (401: no or bad credentials) or forbidden (403: valid but not allowed).</summary>
    public AuthorizationVerdict Verdict { get; }

    /// <summary>Why, for the log and for the caller's message (never a secret).</summary>
    public string Reason { get; }

    /// <summary>
    /// For allowed requests: what goes into the event's <c>requestContext.authorizer</c> for payload 2.0 —
    /// <c>{"jwt": {"claims": …, "scopes": …}}</c> or <c>{"lambda": {…context…}}</c>.
    /// </summary>
    public JsonObject? Context { get; }

    public static AuthorizationOutcome Allow(JsonObject context) => new(AuthorizationVerdict.Allowed, "allowed", context);

    public static AuthorizationOutcome Unauthorized(string reason) => new(AuthorizationVerdict.Unauthorized, reason, null);

    public static AuthorizationOutcome Forbidden(string reason) => new(AuthorizationVerdict.Forbidden, reason, null);
}

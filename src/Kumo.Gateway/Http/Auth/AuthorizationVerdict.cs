namespace Kumo.Gateway.Http.Auth;

/// <summary>The three answers of an authoriser.</summary>
internal enum AuthorizationVerdict
{
    Allowed,
    Unauthorized,
    Forbidden,
}

using Microsoft.IdentityModel.Tokens;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// What is known of one JWKS, replaced whole so readers outside the gate see a consistent picture.
/// <paramref name="WrittenAt"/> is the file's last-write time when loaded (files only).
/// </summary>
internal sealed record JwksKeySetState(
    IList<SecurityKey>? Keys, DateTimeOffset LoadedAt, DateTime WrittenAt, DateTimeOffset FailedAt, DateTimeOffset RefetchedForKidAt);

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>
/// Real tokens made with the same library, signed with keys made here, and the JWKS documents that hold those keys.
/// <see cref="Now"/> is far from today's date, so a check that read the system clock would fail.
/// </summary>
internal static class JwtTokens
{
    public const string Issuer = "https://issuer.example";
    public const string Audience = "kumo-api";
    public const string Secret = "a shared secret that is at least 32 bytes long";

    public static readonly DateTimeOffset Now = new(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);

    // Made once: a 2048-bit RSA key takes a while, and no test changes them.
    public static readonly RSA Rsa = RSA.Create(2048);
    public static readonly RSA OtherRsa = RSA.Create(2048);
    public static readonly RSA StrangerRsa = RSA.Create(2048);
    public static readonly ECDsa Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string Bearer(string token) => "Bearer " + token;

    public static string Token(
        SigningCredentials credentials,
        Dictionary<string, object>? claims = null,
        string issuer = Issuer,
        string audience = Audience,
        DateTimeOffset? expires = null,
        DateTimeOffset? notBefore = null,
        bool withoutExp = false)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = Now.UtcDateTime,
            NotBefore = (notBefore ?? Now.AddHours(-2)).UtcDateTime,
            Expires = withoutExp ? null : (expires ?? Now.AddHours(1)).UtcDateTime,
            Claims = claims ?? [],
            SigningCredentials = credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static SigningCredentials Hs(string secret) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);

    public static SigningCredentials Rs(RSA rsa, string kid) =>
        new(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

    public static SigningCredentials Es(ECDsa ec, string kid) =>
        new(new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256);

    public static string Jwks(params JsonObject[] keys) =>
        new JsonObject { ["keys"] = new JsonArray([.. keys]) }.ToJsonString();

    public static JsonObject RsaJwk(RSA rsa, string kid)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    public static JsonObject EcJwk(ECDsa ec, string kid)
    {
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["use"] = "sig",
            ["alg"] = "ES256",
            ["crv"] = "P-256",
            ["kid"] = kid,
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
    }
}

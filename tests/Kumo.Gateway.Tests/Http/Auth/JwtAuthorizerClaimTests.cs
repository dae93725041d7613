using System.Text.Json;
using Kumo.Gateway.Http.Auth;
using static Kumo.Gateway.Tests.Http.Auth.JwtTokens;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>Claims: expiry and not-before with the clock skew, issuer and audience, scopes, and the context passed on.</summary>
public sealed class JwtAuthorizerClaimTests : JwtAuthorizerTestsBase
{
    [Fact]
    public async Task AuthorizeAsync_ExpiredBeyondSkew_Unauthorized()
    {
        var token = Token(Hs(Secret), expires: Now.AddSeconds(-61));

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token has expired");
    }

    [Fact]
    public async Task AuthorizeAsync_ExpiredWithinSkew_Allows()
    {
        var token = Token(Hs(Secret), expires: Now.AddSeconds(-59));

        AssertAllowed(await AuthorizeAsync(HsAuthorizer(), Bearer(token)));
    }

    [Fact]
    public async Task AuthorizeAsync_ZeroSkew_HonoursIt()
    {
        var token = Token(Hs(Secret), expires: Now.AddSeconds(-1));

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer() with { ClockSkewSeconds = 0 }, Bearer(token)), "the token has expired");
    }

    [Fact]
    public async Task AuthorizeAsync_NotBeforeInTheFuture_Unauthorized()
    {
        var token = Token(Hs(Secret), notBefore: Now.AddMinutes(5));

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token is not valid yet (nbf)");
    }

    [Fact]
    public async Task AuthorizeAsync_NoExp_Unauthorized()
    {
        var token = Token(Hs(Secret), withoutExp: true);

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token has no expiry (exp)");
    }

    [Fact]
    public async Task AuthorizeAsync_WrongAudience_Unauthorized()
    {
        var token = Token(Hs(Secret), audience: "someone-else");

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token's audience is not accepted");
    }

    [Fact]
    public async Task AuthorizeAsync_OneOfSeveralAudiences_Allows()
    {
        var authorizer = HsAuthorizer() with { Audiences = ["other", Audience] };

        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Hs(Secret)))));
    }

    [Fact]
    public async Task AuthorizeAsync_WrongIssuer_Unauthorized()
    {
        var token = Token(Hs(Secret), issuer: "https://evil.example");

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token's issuer is not accepted");
    }

    [Fact]
    public async Task AuthorizeAsync_NoIssuerOrAudienceConfigured_AcceptsAny()
    {
        var authorizer = HsAuthorizer() with { Issuer = null, Audiences = [] };

        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Hs(Secret), issuer: "https://any.example", audience: "any"))));
    }

    [Fact]
    public async Task AuthorizeAsync_RequiredScopeInScope_AllowsWithScopes()
    {
        var token = Token(Hs(Secret), claims: new() { ["scope"] = "read:things write:things" });

        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(token), ["admin", "write:things"]);

        AssertAllowed(outcome);
        var scopes = outcome.Context!["jwt"]!["scopes"]!.AsArray().Select(scope => scope!.GetValue<string>());
        Assert.Equal(["read:things", "write:things"], scopes);
    }

    [Fact]
    public async Task AuthorizeAsync_RequiredScopeInScpArray_Allows()
    {
        var token = Token(Hs(Secret), claims: new() { ["scp"] = new[] { "read:things", "admin" } });

        AssertAllowed(await AuthorizeAsync(HsAuthorizer(), Bearer(token), ["admin"]));
    }

    [Fact]
    public async Task AuthorizeAsync_RequiredScopeInScpString_Allows()
    {
        var token = Token(Hs(Secret), claims: new() { ["scp"] = "read:things admin" });

        AssertAllowed(await AuthorizeAsync(HsAuthorizer(), Bearer(token), ["admin"]));
    }

    [Fact]
    public async Task AuthorizeAsync_NoneOfTheScopes_Forbidden()
    {
        var token = Token(Hs(Secret), claims: new() { ["scope"] = "read:things", ["scp"] = new[] { "list:things" } });

        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(token), ["a", "b"]);

        Assert.Equal(AuthorizationVerdict.Forbidden, outcome.Verdict);
        Assert.Equal("the token has none of the route's scopes: a, b", outcome.Reason);
    }

    [Fact]
    public async Task AuthorizeAsync_NoScopesInToken_ForbiddenWhenRouteNeedsOneAndScopesNullOtherwise()
    {
        var token = Bearer(Token(Hs(Secret)));

        Assert.Equal(AuthorizationVerdict.Forbidden, (await AuthorizeAsync(HsAuthorizer(), token, ["a"])).Verdict);
        var allowed = await AuthorizeAsync(HsAuthorizer(), token);
        AssertAllowed(allowed);
        Assert.True(allowed.Context!["jwt"]!.AsObject().TryGetPropertyValue("scopes", out var scopes));
        Assert.Null(scopes);
    }

    [Fact]
    public async Task AuthorizeAsync_Allowed_PassesEveryClaimAsString()
    {
        var token = Token(Hs(Secret), claims: new()
        {
            ["sub"] = "user-1",
            ["age"] = 42,
            ["admin"] = true,
            ["groups"] = new[] { "a", "b" },
            ["address"] = new Dictionary<string, object> { ["city"] = "Kyoto" },
        });

        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(token));

        AssertAllowed(outcome);
        var claims = outcome.Context!["jwt"]!["claims"]!.AsObject();
        Assert.All(claims, claim => Assert.Equal(JsonValueKind.String, claim.Value!.GetValueKind()));
        Assert.Equal("user-1", (string?)claims["sub"]);
        Assert.Equal("42", (string?)claims["age"]);
        Assert.Equal("true", (string?)claims["admin"]);
        Assert.Equal("""["a","b"]""", (string?)claims["groups"]);
        Assert.Equal("""{"city":"Kyoto"}""", (string?)claims["address"]);
        Assert.Equal(Issuer, (string?)claims["iss"]);
        Assert.Equal(Audience, (string?)claims["aud"]);
        Assert.Equal(Now.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)claims["exp"]);
    }
}

using Kumo.Gateway.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using static Kumo.Gateway.Tests.Http.Auth.JwtTokens;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>Signatures and keys: which algorithms and keys are accepted, how the token is found, and a misconfigured authoriser.</summary>
public sealed class JwtAuthorizerSignatureTests : JwtAuthorizerTestsBase
{
    [Fact]
    public async Task AuthorizeAsync_Hs256WithSecret_Allows()
    {
        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(Token(Hs(Secret))));

        AssertAllowed(outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_Rs256WithJwksFile_Allows()
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(Jwks(RsaJwk(Rsa, "rsa-1"))), Bearer(Token(Rs(Rsa, "rsa-1"))));

        AssertAllowed(outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_Es256WithJwksFile_Allows()
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(Jwks(EcJwk(Ec, "ec-1"))), Bearer(Token(Es(Ec, "ec-1"))));

        AssertAllowed(outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_Rs256SignedByAnotherKey_UnauthorizedSignature()
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(Jwks(RsaJwk(Rsa, "rsa-1"))), Bearer(Token(Rs(OtherRsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the token's signature is not valid");
    }

    [Fact]
    public async Task AuthorizeAsync_Hs256SignedWithAnotherSecret_UnauthorizedSignature()
    {
        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(Token(Hs("another shared secret, also 32 bytes or more"))));

        AssertUnauthorized(outcome, "the token's signature is not valid");
    }

    [Fact]
    public async Task AuthorizeAsync_AlgNone_Unauthorized()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"mallory","exp":{{Now.AddHours(1).ToUnixTimeSeconds()}}}""");
        var token = $"{header}.{payload}.";

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token's algorithm is not accepted");
    }

    [Fact]
    public async Task AuthorizeAsync_Hs256TokenForJwksOnlyAuthoriser_Unauthorized()
    {
        // The classic confusion: an HS256 token "signed" with what the attacker knows must not meet RSA keys.
        var authorizer = FileAuthorizer(Jwks(RsaJwk(Rsa, "rsa-1")));

        AssertUnauthorized(await AuthorizeAsync(authorizer, Bearer(Token(Hs(Secret)))), "the token's algorithm HS256 is not accepted by this authoriser");
    }

    [Fact]
    public async Task AuthorizeAsync_OtherAlgorithm_Unauthorized()
    {
        var token = Token(new SigningCredentials(new SymmetricSecurityKey(new byte[64]), SecurityAlgorithms.HmacSha512));

        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), Bearer(token)), "the token's algorithm is not accepted");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Bearer")]
    [InlineData("Bearer   ")]
    public async Task AuthorizeAsync_NoToken_Unauthorized(string? header)
    {
        var outcome = await AuthorizeAsync(HsAuthorizer(), header);

        AssertUnauthorized(outcome, "the request has no bearer token in Authorization");
    }

    [Fact]
    public async Task AuthorizeAsync_Garbage_UnauthorizedMalformed()
    {
        AssertUnauthorized(await AuthorizeAsync(HsAuthorizer(), "Bearer not.a-token"), "the token is not a well-formed signed JWT");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER  ")]
    public async Task AuthorizeAsync_BearerPrefixOptional_Allows(string prefix)
    {
        AssertAllowed(await AuthorizeAsync(HsAuthorizer(), prefix + Token(Hs(Secret))));
    }

    [Fact]
    public async Task AuthorizeAsync_NeitherSecretNorJwks_CouldNotCheckAndWarns()
    {
        var outcome = await AuthorizeAsync(Authorizer(), Bearer(Token(Hs(Secret))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(Logger.Entries, entry => entry.EventId == HttpEventIds.JwtAuthorizerMisconfigured && entry.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task AuthorizeAsync_ShortSecret_CouldNotCheckAndWarnsWithoutTheSecret()
    {
        var outcome = await AuthorizeAsync(Authorizer(secret: "tiny-s3cret"), Bearer(Token(Hs(Secret))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        var entry = Assert.Single(Logger.Entries);
        Assert.Equal(HttpEventIds.JwtAuthorizerMisconfigured, entry.EventId);
        Assert.DoesNotContain("tiny-s3cret", entry.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Sockets;
using Kumo.Gateway.Http;
using Kumo.Gateway.Http.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Kumo.Gateway.Tests.Http.Auth.JwtTokens;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>JWKS documents in a temporary file and on a real Kestrel on a loopback port: caching, refetching, and failures.</summary>
public sealed class JwtAuthorizerJwksTests : JwtAuthorizerTestsBase
{
    [Fact]
    public async Task AuthorizeAsync_Rs256WithJwksUrl_AllowsAndFetchesOnceWhileCached()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(Rsa, "rsa-1"), EcJwk(Ec, "ec-1")));
        var authorizer = Authorizer(jwksUri: server.Url);

        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1")))));
        Clock.Advance(TimeSpan.FromMinutes(4));
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Es(Ec, "ec-1")))));

        Assert.Equal(1, server.Fetches);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlOlderThanFiveMinutes_FetchesAgain()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(Rsa, "rsa-1")));
        var authorizer = Authorizer(jwksUri: server.Url);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1")))));

        Clock.Advance(JwtAuthorizer.JwksCacheFor);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1")))));

        Assert.Equal(2, server.Fetches);
    }

    [Fact]
    public async Task AuthorizeAsync_UnknownKid_RefetchesAtOnceButAtMostOnceAMinute()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(Rsa, "rsa-1")));
        var authorizer = Authorizer(jwksUri: server.Url);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1")))));
        server.Jwks = Jwks(RsaJwk(Rsa, "rsa-1"), RsaJwk(OtherRsa, "rsa-2"));

        // The issuer rotated its keys: the first token with the new kid is checked against the new JWKS at once.
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(OtherRsa, "rsa-2")))));
        Assert.Equal(2, server.Fetches);

        // A kid no JWKS has does not make every request fetch it.
        var stranger = StrangerRsa;
        var unknown = await AuthorizeAsync(authorizer, Bearer(Token(Rs(stranger, "rsa-3"))));
        AssertUnauthorized(unknown, "the token's signing key is not known");
        Assert.Equal(2, server.Fetches);

        Clock.Advance(JwtAuthorizer.UnknownKidRefetchEvery);
        AssertUnauthorized(await AuthorizeAsync(authorizer, Bearer(Token(Rs(stranger, "rsa-3")))), "the token's signing key is not known");
        Assert.Equal(3, server.Fetches);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksFileRewritten_ReadsItAgain()
    {
        var authorizer = FileAuthorizer(Jwks(RsaJwk(Rsa, "rsa-1")));
        var token = Bearer(Token(Rs(OtherRsa, "rsa-2")));
        AssertUnauthorized(await AuthorizeAsync(authorizer, token), "the token's signing key is not known");

        File.WriteAllText(authorizer.JwksUri!, Jwks(RsaJwk(OtherRsa, "rsa-2")));
        File.SetLastWriteTimeUtc(authorizer.JwksUri!, DateTime.UtcNow.AddMinutes(1));

        AssertAllowed(await AuthorizeAsync(authorizer, token));
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlUnreachable_CouldNotCheckAndWarns()
    {
        var authorizer = Authorizer(jwksUri: $"http://127.0.0.1:{ClosedPort()}/jwks.json");

        var outcome = await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(Logger.Entries, entry => entry.EventId == HttpEventIds.JwksUnavailable && entry.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlAnswersError_CouldNotCheck()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(Rsa, "rsa-1")));
        server.Status = StatusCodes.Status500InternalServerError;

        var outcome = await AuthorizeAsync(Authorizer(jwksUri: server.Url), Bearer(Token(Rs(Rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(Logger.Entries, entry => entry.EventId == HttpEventIds.JwksUnavailable && entry.Message.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlDownAfterLoading_KeepsTheKeysItHad()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(Rsa, "rsa-1")));
        var authorizer = Authorizer(jwksUri: server.Url);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1")))));
        server.Status = StatusCodes.Status503ServiceUnavailable;
        Clock.Advance(JwtAuthorizer.JwksCacheFor);

        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(Rsa, "rsa-1")))));

        Assert.Contains(Logger.Entries, entry => entry.EventId == HttpEventIds.JwksRefreshFailed);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"keys": []}""")]
    public async Task AuthorizeAsync_JwksFileInvalid_CouldNotCheck(string content)
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(content), Bearer(Token(Rs(Rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(Logger.Entries, entry => entry.EventId == HttpEventIds.JwksUnavailable);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksFileMissing_CouldNotCheck()
    {
        var outcome = await AuthorizeAsync(Authorizer(jwksUri: Path.Combine(TempDirectory, "missing.json")), Bearer(Token(Rs(Rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Abstractions.Http;
using Kumo.Gateway.Http;
using Kumo.Gateway.Http.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>
/// Real tokens made with the same library, signed with keys made here; JWKS documents in a temporary file and on a
/// real Kestrel on a loopback port. The clock is a fake far from today's date, so a check that read the system
/// clock would fail.
/// </summary>
public sealed class JwtAuthorizerTests : IDisposable
{
    private const string Issuer = "https://issuer.example";
    private const string Audience = "kumo-api";
    private const string Secret = "a shared secret that is at least 32 bytes long";

    private static readonly DateTimeOffset Now = new(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);

    // Made once: a 2048-bit RSA key takes a while, and no test changes them.
    private static readonly RSA SharedRsa = RSA.Create(2048);
    private static readonly RSA SharedOtherRsa = RSA.Create(2048);
    private static readonly RSA SharedStrangerRsa = RSA.Create(2048);
    private static readonly ECDsa SharedEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private readonly RSA _rsa = SharedRsa;
    private readonly RSA _otherRsa = SharedOtherRsa;
    private readonly ECDsa _ec = SharedEc;
    private readonly string _directory = Directory.CreateTempSubdirectory("kumo-jwt-").FullName;
    private readonly Clock _clock = new(Now);
    private readonly RecordingLogger _logger = new();
    private readonly SocketsHttpHandler _httpHandler = new() { UseProxy = false };
    private readonly JwtAuthorizer _authorizer;

    public JwtAuthorizerTests()
    {
        _authorizer = new JwtAuthorizer(new HandlerClientFactory(_httpHandler), _clock, _logger);
    }

    public void Dispose()
    {
        _httpHandler.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AuthorizeAsync_Hs256WithSecret_Allows()
    {
        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(Token(Hs(Secret))));

        AssertAllowed(outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_Rs256WithJwksFile_Allows()
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(Jwks(RsaJwk(_rsa, "rsa-1"))), Bearer(Token(Rs(_rsa, "rsa-1"))));

        AssertAllowed(outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_Es256WithJwksFile_Allows()
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(Jwks(EcJwk(_ec, "ec-1"))), Bearer(Token(Es(_ec, "ec-1"))));

        AssertAllowed(outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_Rs256WithJwksUrl_AllowsAndFetchesOnceWhileCached()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(_rsa, "rsa-1"), EcJwk(_ec, "ec-1")));
        var authorizer = Authorizer(jwksUri: server.Url);

        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1")))));
        _clock.Advance(TimeSpan.FromMinutes(4));
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Es(_ec, "ec-1")))));

        Assert.Equal(1, server.Fetches);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlOlderThanFiveMinutes_FetchesAgain()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(_rsa, "rsa-1")));
        var authorizer = Authorizer(jwksUri: server.Url);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1")))));

        _clock.Advance(JwtAuthorizer.JwksCacheFor);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1")))));

        Assert.Equal(2, server.Fetches);
    }

    [Fact]
    public async Task AuthorizeAsync_UnknownKid_RefetchesAtOnceButAtMostOnceAMinute()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(_rsa, "rsa-1")));
        var authorizer = Authorizer(jwksUri: server.Url);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1")))));
        server.Jwks = Jwks(RsaJwk(_rsa, "rsa-1"), RsaJwk(_otherRsa, "rsa-2"));

        // The issuer rotated its keys: the first token with the new kid is checked against the new JWKS at once.
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_otherRsa, "rsa-2")))));
        Assert.Equal(2, server.Fetches);

        // A kid no JWKS has does not make every request fetch it.
        var stranger = SharedStrangerRsa;
        var unknown = await AuthorizeAsync(authorizer, Bearer(Token(Rs(stranger, "rsa-3"))));
        AssertUnauthorized(unknown, "the token's signing key is not known");
        Assert.Equal(2, server.Fetches);

        _clock.Advance(JwtAuthorizer.UnknownKidRefetchEvery);
        AssertUnauthorized(await AuthorizeAsync(authorizer, Bearer(Token(Rs(stranger, "rsa-3")))), "the token's signing key is not known");
        Assert.Equal(3, server.Fetches);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksFileRewritten_ReadsItAgain()
    {
        var authorizer = FileAuthorizer(Jwks(RsaJwk(_rsa, "rsa-1")));
        var token = Bearer(Token(Rs(_otherRsa, "rsa-2")));
        AssertUnauthorized(await AuthorizeAsync(authorizer, token), "the token's signing key is not known");

        File.WriteAllText(authorizer.JwksUri!, Jwks(RsaJwk(_otherRsa, "rsa-2")));
        File.SetLastWriteTimeUtc(authorizer.JwksUri!, DateTime.UtcNow.AddMinutes(1));

        AssertAllowed(await AuthorizeAsync(authorizer, token));
    }

    [Fact]
    public async Task AuthorizeAsync_Rs256SignedByAnotherKey_UnauthorizedSignature()
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(Jwks(RsaJwk(_rsa, "rsa-1"))), Bearer(Token(Rs(_otherRsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the token's signature is not valid");
    }

    [Fact]
    public async Task AuthorizeAsync_Hs256SignedWithAnotherSecret_UnauthorizedSignature()
    {
        var outcome = await AuthorizeAsync(HsAuthorizer(), Bearer(Token(Hs("another shared secret, also 32 bytes or more"))));

        AssertUnauthorized(outcome, "the token's signature is not valid");
    }

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
        var authorizer = FileAuthorizer(Jwks(RsaJwk(_rsa, "rsa-1")));

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

    [Fact]
    public async Task AuthorizeAsync_NeitherSecretNorJwks_CouldNotCheckAndWarns()
    {
        var outcome = await AuthorizeAsync(Authorizer(), Bearer(Token(Hs(Secret))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(_logger.Entries, entry => entry.EventId == HttpEventIds.JwtAuthorizerMisconfigured && entry.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task AuthorizeAsync_ShortSecret_CouldNotCheckAndWarnsWithoutTheSecret()
    {
        var outcome = await AuthorizeAsync(Authorizer(secret: "tiny-s3cret"), Bearer(Token(Hs(Secret))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(HttpEventIds.JwtAuthorizerMisconfigured, entry.EventId);
        Assert.DoesNotContain("tiny-s3cret", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlUnreachable_CouldNotCheckAndWarns()
    {
        var authorizer = Authorizer(jwksUri: $"http://127.0.0.1:{ClosedPort()}/jwks.json");

        var outcome = await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(_logger.Entries, entry => entry.EventId == HttpEventIds.JwksUnavailable && entry.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlAnswersError_CouldNotCheck()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(_rsa, "rsa-1")));
        server.Status = StatusCodes.Status500InternalServerError;

        var outcome = await AuthorizeAsync(Authorizer(jwksUri: server.Url), Bearer(Token(Rs(_rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(_logger.Entries, entry => entry.EventId == HttpEventIds.JwksUnavailable && entry.Message.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthorizeAsync_JwksUrlDownAfterLoading_KeepsTheKeysItHad()
    {
        await using var server = await JwksServer.StartAsync(Jwks(RsaJwk(_rsa, "rsa-1")));
        var authorizer = Authorizer(jwksUri: server.Url);
        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1")))));
        server.Status = StatusCodes.Status503ServiceUnavailable;
        _clock.Advance(JwtAuthorizer.JwksCacheFor);

        AssertAllowed(await AuthorizeAsync(authorizer, Bearer(Token(Rs(_rsa, "rsa-1")))));

        Assert.Contains(_logger.Entries, entry => entry.EventId == HttpEventIds.JwksRefreshFailed);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"keys": []}""")]
    public async Task AuthorizeAsync_JwksFileInvalid_CouldNotCheck(string content)
    {
        var outcome = await AuthorizeAsync(FileAuthorizer(content), Bearer(Token(Rs(_rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
        Assert.Contains(_logger.Entries, entry => entry.EventId == HttpEventIds.JwksUnavailable);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksFileMissing_CouldNotCheck()
    {
        var outcome = await AuthorizeAsync(Authorizer(jwksUri: Path.Combine(_directory, "missing.json")), Bearer(Token(Rs(_rsa, "rsa-1"))));

        AssertUnauthorized(outcome, "the authoriser could not check the token");
    }

    private Task<AuthorizationOutcome> AuthorizeAsync(HttpAuthorizer authorizer, string? header, IReadOnlyList<string>? scopes = null) =>
        _authorizer.AuthorizeAsync(authorizer, header, scopes ?? [], CancellationToken.None);

    private static void AssertAllowed(AuthorizationOutcome outcome)
    {
        Assert.True(outcome.Verdict == AuthorizationVerdict.Allowed, $"expected allowed, got {outcome.Verdict}: {outcome.Reason}");
        Assert.NotNull(outcome.Context?["jwt"]?["claims"]);
    }

    private static void AssertUnauthorized(AuthorizationOutcome outcome, string reason)
    {
        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.Equal(reason, outcome.Reason);
        Assert.Null(outcome.Context);
    }

    private static string Bearer(string token) => "Bearer " + token;

    private static HttpAuthorizer Authorizer(string? secret = null, string? jwksUri = null) => new()
    {
        Type = HttpAuthorizerTypes.Jwt,
        Issuer = Issuer,
        Audiences = [Audience],
        Secret = secret,
        JwksUri = jwksUri,
    };

    private static HttpAuthorizer HsAuthorizer() => Authorizer(secret: Secret);

    private HttpAuthorizer FileAuthorizer(string jwks)
    {
        var path = Path.Combine(_directory, $"jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, jwks);
        return Authorizer(jwksUri: path);
    }

    private static string Token(
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

    private static SigningCredentials Hs(string secret) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);

    private static SigningCredentials Rs(RSA rsa, string kid) =>
        new(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

    private static SigningCredentials Es(ECDsa ec, string kid) =>
        new(new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256);

    private static string Jwks(params JsonObject[] keys) =>
        new JsonObject { ["keys"] = new JsonArray([.. keys]) }.ToJsonString();

    private static JsonObject RsaJwk(RSA rsa, string kid)
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

    private static JsonObject EcJwk(ECDsa ec, string kid)
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

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A clock that moves only when a test moves it.</summary>
    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class HandlerClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class RecordingLogger : ILogger<JwtAuthorizer>
    {
        private readonly List<(LogLevel Level, int EventId, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, int EventId, string Message)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }

    /// <summary>A real Kestrel on a free loopback port that serves <see cref="Jwks"/> at <c>/jwks.json</c> and counts the fetches.</summary>
    private sealed class JwksServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _fetches;

        private JwksServer(WebApplication app, string jwks)
        {
            _app = app;
            Jwks = jwks;
        }

        public string Jwks { get; set; }

        public int Status { get; set; } = StatusCodes.Status200OK;

        public string Url { get; private set; } = "";

        public int Fetches => Volatile.Read(ref _fetches);

        public static async Task<JwksServer> StartAsync(string jwks)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new JwksServer(app, jwks);
            app.MapGet("/jwks.json", () =>
            {
                Interlocked.Increment(ref server._fetches);
                return server.Status == StatusCodes.Status200OK
                    ? Results.Text(server.Jwks, "application/json")
                    : Results.StatusCode(server.Status);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Url = $"{address}/jwks.json";
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

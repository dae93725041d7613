using Kumo.Abstractions.Http;
using Kumo.Gateway.Http.Auth;
using Kumo.Gateway.Tests.Lambda.FunctionUrls;
using static Kumo.Gateway.Tests.Http.Auth.JwtTokens;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>
/// A <see cref="JwtAuthorizer"/> on a fake clock set to <see cref="JwtTokens.Now"/>, with a logger that keeps what it
/// is told, a real HTTP client for JWKS URLs, and a temporary directory for JWKS files, which is deleted afterwards.
/// </summary>
public abstract class JwtAuthorizerTestsBase : IDisposable
{
    private readonly SocketsHttpHandler _httpHandler = new() { UseProxy = false };
    private readonly JwtAuthorizer _authorizer;

    private protected JwtAuthorizerTestsBase()
    {
        _authorizer = new JwtAuthorizer(new HandlerClientFactory(_httpHandler), Clock, Logger);
    }

    private protected string TempDirectory { get; } = Directory.CreateTempSubdirectory("kumo-jwt-").FullName;

    private protected ManualClock Clock { get; } = new(Now);

    private protected RecordingLogger Logger { get; } = new();

    public void Dispose()
    {
        _httpHandler.Dispose();
        Directory.Delete(TempDirectory, recursive: true);
    }

    private protected static void AssertAllowed(AuthorizationOutcome outcome)
    {
        Assert.True(outcome.Verdict == AuthorizationVerdict.Allowed, $"expected allowed, got {outcome.Verdict}: {outcome.Reason}");
        Assert.NotNull(outcome.Context?["jwt"]?["claims"]);
    }

    private protected static void AssertUnauthorized(AuthorizationOutcome outcome, string reason)
    {
        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.Equal(reason, outcome.Reason);
        Assert.Null(outcome.Context);
    }

    private protected static HttpAuthorizer Authorizer(string? secret = null, string? jwksUri = null) => new()
    {
        Type = HttpAuthorizerTypes.Jwt,
        Issuer = Issuer,
        Audiences = [Audience],
        Secret = secret,
        JwksUri = jwksUri,
    };

    private protected static HttpAuthorizer HsAuthorizer() => Authorizer(secret: Secret);

    private protected Task<AuthorizationOutcome> AuthorizeAsync(HttpAuthorizer authorizer, string? header, IReadOnlyList<string>? scopes = null) =>
        _authorizer.AuthorizeAsync(authorizer, header, scopes ?? [], CancellationToken.None);

    private protected HttpAuthorizer FileAuthorizer(string jwks)
    {
        var path = Path.Combine(TempDirectory, $"jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, jwks);
        return Authorizer(jwksUri: path);
    }
}

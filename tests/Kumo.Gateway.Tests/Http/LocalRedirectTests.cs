using Kumo.Gateway.Http;

namespace Kumo.Gateway.Tests.Http;

/// <summary>A redirect built from the request's path never leaves the site: leading slashes fold into one.</summary>
public sealed class LocalRedirectTests
{
    [Theory]
    [InlineData("/docs/", "/docs/")]
    [InlineData("//evil.example/", "/evil.example/")]
    [InlineData("///evil.example/?a=1", "/evil.example/?a=1")]
    [InlineData("/\\evil.example/", "/evil.example/")]
    [InlineData("/_kumo/site/b/docs/", "/_kumo/site/b/docs/")]
    [InlineData("https://elsewhere.example/x", "https://elsewhere.example/x")]
    [InlineData("/", "/")]
    public void Of_RelativeOrAbsolute_StaysOnTheSiteUnlessAbsolute(string location, string expected) =>
        Assert.Equal(expected, LocalRedirect.Of(location));
}

using Kumo.Abstractions.Http;
using Kumo.Gateway.Http;
using Kumo.Gateway.Http.Routing;

namespace Kumo.Gateway.Tests.Http;

/// <summary>Which object of its bucket a static route serves for a path.</summary>
public sealed class StaticRouteKeyTests
{
    private static StaticKey KeyOf(string routePath, string requestPath, string? prefix = null)
    {
        var route = new HttpRoute
        {
            TenantId = "default",
            App = "webapp",
            RouteId = "r-1",
            Method = "GET",
            Path = routePath,
            FunctionName = "",
            StaticBucket = "site",
            StaticPrefix = prefix,
        };
        var match = new RouteTable([route]).Match("GET", HttpFunctionHandler.Segments(requestPath)!);
        Assert.NotNull(match);
        return StaticRouteHandler.KeyOf(route, match.PathParameters, requestPath);
    }

    [Theory]
    [InlineData("/{proxy+}", "/", null, "index.html", null)]
    [InlineData("/{proxy+}", "/app.js", null, "app.js", "app.js/index.html")]
    [InlineData("/{proxy+}", "/docs/", null, "docs/index.html", null)]
    [InlineData("/{proxy+}", "/docs", null, "docs", "docs/index.html")]
    [InlineData("/{proxy+}", "/a%20b/c%2Fd.txt", null, "a b/c/d.txt", "a b/c/d.txt/index.html")]
    [InlineData("/{proxy+}", "/css/site.css", "site/", "site/css/site.css", "site/css/site.css/index.html")]
    [InlineData("/{proxy+}", "/", "site/", "site/index.html", null)]
    [InlineData("/static/{path+}", "/static/img/logo.svg", null, "img/logo.svg", "img/logo.svg/index.html")]
    [InlineData("/static/{path+}", "/static/", "v2/", "v2/index.html", null)]
    [InlineData("/static/{path+}", "/static", "v2/", null, "v2/index.html")]
    [InlineData("$default", "/", null, "index.html", null)]
    [InlineData("$default", "/blog/post-1", "www/", "www/blog/post-1", "www/blog/post-1/index.html")]
    [InlineData("$default", "/blog/", null, "blog/index.html", null)]
    public void KeyOf_GreedyRestOrWholePath_UnderThePrefix(string routePath, string requestPath, string? prefix, string? key, string? folderIndex)
    {
        Assert.Equal(new StaticKey(key, folderIndex), KeyOf(routePath, requestPath, prefix));
    }
}

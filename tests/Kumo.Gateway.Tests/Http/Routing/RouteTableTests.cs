using Kumo.Abstractions.Http;
using Kumo.Gateway.Http;
using Kumo.Gateway.Http.Routing;

namespace Kumo.Gateway.Tests.Http.Routing;

/// <summary>Which route a request takes when an app mixes function routes and static routes (served from a bucket).</summary>
public sealed class RouteTableTests
{
    private static HttpRoute Function(string method, string path, string function = "api") => new()
    {
        TenantId = "default",
        App = "webapp",
        RouteId = $"r-{method}{path}",
        Method = method,
        Path = path,
        FunctionName = function,
    };

    private static HttpRoute Static(string method, string path, string? prefix = null) =>
        Function(method, path, "") with { StaticBucket = "webapp-site", StaticPrefix = prefix };

    private static IReadOnlyList<string> Segments(string path) => HttpFunctionHandler.Segments(path)!;

    [Theory]
    [InlineData("GET", "/api/items", "ANY /api/{proxy+}")]
    [InlineData("POST", "/api/orders/7", "ANY /api/{proxy+}")]
    [InlineData("GET", "/", "GET /{proxy+}")]
    [InlineData("GET", "/index.html", "GET /{proxy+}")]
    [InlineData("GET", "/api", "GET /{proxy+}")]
    [InlineData("GET", "/css/site.css", "GET /{proxy+}")]
    [InlineData("HEAD", "/css/site.css", "GET /{proxy+}")]
    public void Match_FunctionApiBesideAStaticSite_TheMoreSpecificWins(string method, string path, string expected)
    {
        var table = new RouteTable([Static("GET", "/{proxy+}"), Function("ANY", "/api/{proxy+}")]);

        Assert.Equal(expected, table.Match(method, Segments(path))?.Route.RouteKey);
    }

    [Fact]
    public void Match_PostToAStaticGetRoute_MatchesNothingAndTheMethodsAreNamed()
    {
        var table = new RouteTable([Static("GET", "/{proxy+}")]);

        Assert.Null(table.Match("POST", Segments("/")));
        Assert.Equal(["GET"], table.MethodsFor(Segments("/")));
    }

    [Fact]
    public void Match_HeadToAFunctionGetRoute_IsStillNoMatch()
    {
        var table = new RouteTable([Function("GET", "/{proxy+}")]);

        Assert.Null(table.Match("HEAD", Segments("/a")));
    }

    [Fact]
    public void Match_StaticGreedyWithAnEmptyRest_TakesItsFolderOnlyWhenNoOtherRouteDoes()
    {
        var onlyStatic = new RouteTable([Static("GET", "/static/{path+}"), Function("ANY", "$default", "fallback")]);
        var withExact = new RouteTable([Static("GET", "/static/{path+}"), Function("GET", "/static", "exact")]);

        var folder = onlyStatic.Match("GET", Segments("/static/"));
        Assert.Equal("GET /static/{path+}", folder?.Route.RouteKey);
        Assert.Equal("", folder?.PathParameters["path"]);
        Assert.Equal("$default", onlyStatic.Match("GET", Segments("/other"))?.Route.RouteKey);
        Assert.Equal("exact", withExact.Match("GET", Segments("/static"))?.Route.FunctionName);
        Assert.Equal("GET /static/{path+}", withExact.Match("GET", Segments("/static/a.css"))?.Route.RouteKey);
    }

    [Fact]
    public void Match_FunctionGreedyWithAnEmptyRest_IsNoMatch()
    {
        var table = new RouteTable([Function("GET", "/files/{path+}")]);

        Assert.Null(table.Match("GET", Segments("/files")));
    }

    [Fact]
    public void Match_StaticDefault_TakesEveryPathNoOtherRouteTakes()
    {
        var table = new RouteTable([Static("ANY", "$default"), Function("POST", "/api/orders")]);

        Assert.Equal("$default", table.Match("GET", Segments("/"))?.Route.RouteKey);
        Assert.Equal("$default", table.Match("DELETE", Segments("/a/b"))?.Route.RouteKey);
        Assert.Equal("POST /api/orders", table.Match("POST", Segments("/api/orders"))?.Route.RouteKey);
    }
}

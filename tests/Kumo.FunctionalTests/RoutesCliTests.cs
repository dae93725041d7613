using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Kumo.FunctionalTests;

/// <summary><c>kumo routes</c> and <c>kumo url</c> against canned answers: what they send, print and return.</summary>
public sealed class RoutesCliTests
{
    private const string UserRoute = """
        {"routeId":"r-k3v9x0q2mz","app":"shop","method":"GET","path":"/users/{id}","routeKey":"GET /users/{id}","function":"get-user",
         "payloadFormat":"2.0","createdAt":"2026-01-31T12:00:00+00:00","url":"http://shop.api.localhost:7070/users/{id}"}
        """;

    private const string DefaultRoute = """
        {"routeId":"r-0000000001","app":"shop","method":"ANY","path":"$default","routeKey":"$default","function":"catch-all",
         "payloadFormat":"1.0","timeoutSeconds":30,"createdAt":"2026-01-31T12:00:00+00:00","url":"http://shop.api.localhost:7070/"}
        """;

    private const string GuardedRoute = """
        {"routeId":"r-guarded001","app":"shop","method":"POST","path":"/orders","routeKey":"POST /orders","function":"orders",
         "payloadFormat":"2.0","authorizationType":"JWT","authorizer":"users","scopes":["orders:write","admin"],"apiKeyRequired":true,
         "rateLimit":{"rate":0.5,"burst":3},"createdAt":"2026-01-31T12:00:00+00:00","url":"http://shop.api.localhost:7070/orders"}
        """;

    private const string SiteRoute = """
        {"routeId":"r-site000001","app":"shop","method":"GET","path":"/{proxy+}","routeKey":"GET /{proxy+}","bucket":"shop-site","prefix":"www/",
         "payloadFormat":"2.0","createdAt":"2026-01-31T12:00:00+00:00","url":"http://shop.api.localhost:7070/{proxy+}"}
        """;

    private const string UrlConfig = """
        {"FunctionUrl":"http://abc123.lambda-url.localhost:7070/","FunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:hello",
         "AuthType":"NONE","CreationTime":"2026-01-31T12:00:00.000000Z","InvokeMode":"BUFFERED"}
        """;

    private static readonly Dictionary<string, string> NoHeaders = [];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string UnusedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private static CannedHttpServer.Answer NotFound(string message) =>
        new(404, new Dictionary<string, string> { ["X-Amzn-ErrorType"] = "ResourceNotFoundException" }, $$"""{"Type":"User","Message":"{{message}}"}""");

    [Fact]
    public async Task RoutesLs_ByApp_PrintsATableOfItsRoutes()
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, $$"""{"routes":[{{DefaultRoute}},{{GuardedRoute}},{{UserRoute}},{{SiteRoute}}]}""");

        var kumo = await KumoProcess.RunAsync("routes", "ls", "--app", "shop", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        var lines = Lines(kumo.Stdout);
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^ROUTE ID\s+APP\s+ROUTE KEY\s+TARGET\s+FORMAT\s+ACCESS\s+URL$", lines[0]);
        Assert.Matches(@"^r-0000000001\s+shop\s+\$default\s+catch-all\s+1\.0\s+none\s+http://shop\.api\.localhost:7070/$", lines[1]);
        Assert.Matches(
            @"^r-guarded001\s+shop\s+POST /orders\s+orders\s+2\.0\s+jwt:users\[orders:write,admin\] api-key 0\.5/s burst 3\s+http://shop\.api\.localhost:7070/orders$",
            lines[2]);
        Assert.Matches(@"^r-k3v9x0q2mz\s+shop\s+GET /users/\{id\}\s+get-user\s+2\.0\s+none\s+http://shop\.api\.localhost:7070/users/\{id\}$", lines[3]);
        Assert.Matches(@"^r-site000001\s+shop\s+GET /\{proxy\+\}\s+s3://shop-site/www/\s+-\s+none\s+http://shop\.api\.localhost:7070/\{proxy\+\}$", lines[4]);
        Assert.Equal("/_kumo/v1/routes?app=shop", Assert.Single(kumoApi.Requests).Path);
    }

    [Fact]
    public async Task RoutesLs_Json_PrintsTheRoutes()
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, $$"""{"routes":[{{UserRoute}}]}""");

        var kumo = await KumoProcess.RunAsync("routes", "ls", "--json", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        using var document = JsonDocument.Parse(kumo.Stdout);
        var route = Assert.Single(document.RootElement.GetProperty("routes").EnumerateArray());
        Assert.Equal("r-k3v9x0q2mz", route.GetProperty("routeId").GetString());
        Assert.Equal("http://shop.api.localhost:7070/users/{id}", route.GetProperty("url").GetString());
        Assert.False(route.TryGetProperty("qualifier", out _));
        Assert.Equal("/_kumo/v1/routes", Assert.Single(kumoApi.Requests).Path);
    }

    [Fact]
    public async Task RoutesLs_None_SaysSo()
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, """{"routes":[]}""");

        var kumo = await KumoProcess.RunAsync("routes", "ls", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("No routes yet.", Assert.Single(Lines(kumo.Stdout)));
    }

    [Fact]
    public async Task RoutesAdd_SendsTheRouteAndPrintsItsIdAndUrl()
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, UserRoute);

        var kumo = await KumoProcess.RunAsync(
            "routes", "add", "shop", "get  /users/{id}", "get-user", "--payload-format", "1.0", "--timeout", "30", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal(["r-k3v9x0q2mz", "http://shop.api.localhost:7070/users/{id}"], Lines(kumo.Stdout));
        var request = Assert.Single(kumoApi.Requests);
        Assert.Equal(("POST", "/_kumo/v1/routes"), (request.Method, request.Path));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(
            """{"app":"shop","method":"get","path":"/users/{id}","function":"get-user","payloadFormat":"1.0","timeoutSeconds":30}""",
            JsonSerializer.Serialize(body.RootElement));
    }

    [Fact]
    public async Task RoutesAdd_Default_SendsNoMethod()
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, DefaultRoute);

        var kumo = await KumoProcess.RunAsync("routes", "add", "shop", "$default", "catch-all", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal(["r-0000000001", "http://shop.api.localhost:7070/"], Lines(kumo.Stdout));
        Assert.Equal("""{"app":"shop","path":"$default","function":"catch-all"}""", Assert.Single(kumoApi.Requests).Body);
    }

    [Fact]
    public async Task RoutesAdd_AuthScopesKeyAndRate_SendsThem()
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, GuardedRoute);

        var kumo = await KumoProcess.RunAsync(
            "routes", "add", "shop", "POST /orders", "orders", "--auth", "jwt:users", "--scope", "orders:write", "--scope", "admin",
            "--api-key", "--rate", "0.5", "--burst", "3", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal(["r-guarded001", "http://shop.api.localhost:7070/orders"], Lines(kumo.Stdout));
        Assert.Equal(
            """{"app":"shop","method":"POST","path":"/orders","function":"orders","authorizationType":"JWT","authorizer":"users","scopes":""" +
            """["orders:write","admin"],"apiKeyRequired":true,"rateLimit":{"rate":0.5,"burst":3}}""",
            Assert.Single(kumoApi.Requests).Body);
    }

    [Fact]
    public async Task RoutesAdd_Bucket_SendsTheBucketAndPrefixAndNoFunction()
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, SiteRoute);

        var kumo = await KumoProcess.RunAsync(
            "routes", "add", "shop", "GET /{proxy+}", "--bucket", "shop-site", "--prefix", "www/", "--api-key", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal(["r-site000001", "http://shop.api.localhost:7070/{proxy+}"], Lines(kumo.Stdout));
        using var body = JsonDocument.Parse(Assert.Single(kumoApi.Requests).Body);
        Assert.Equal(
            [("app", "shop"), ("method", "GET"), ("path", "/{proxy+}"), ("bucket", "shop-site"), ("prefix", "www/"), ("apiKeyRequired", "True")],
            body.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ToString())));
    }

    [Theory]
    [InlineData("fn+--bucket+site", "give either FUNCTION (a function the route invokes) or --bucket site")]
    [InlineData("", "give the FUNCTION the route invokes, or --bucket BUCKET")]
    [InlineData("fn+--prefix+www/", "--prefix goes with --bucket")]
    [InlineData("--bucket+site+--timeout+5", "--payload-format and --timeout are for a route that invokes a function")]
    [InlineData("--bucket+site+--payload-format+1.0", "--payload-format and --timeout are for a route that invokes a function")]
    public async Task RoutesAdd_FunctionOrBucketNotRight_IsAUsageErrorAndSendsNothing(string arguments, string expected)
    {
        string[] given = arguments.Length == 0 ? [] : arguments.Split('+');
        var kumo = await KumoProcess.RunAsync(["routes", "add", "shop", "GET /{proxy+}", .. given, "--endpoint", UnusedEndpoint()], null);

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains(expected, kumo.Stderr, StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }

    [Theory]
    [InlineData("custom:gate", "\"authorizationType\":\"CUSTOM\",\"authorizer\":\"gate\"")]
    [InlineData("JWT:users", "\"authorizationType\":\"JWT\",\"authorizer\":\"users\"")]
    [InlineData("none", "\"authorizationType\":\"NONE\"")]
    public async Task RoutesAdd_Auth_SendsTheTypeAndAuthoriser(string auth, string expected)
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, UserRoute);

        var kumo = await KumoProcess.RunAsync("routes", "add", "shop", "GET /", "fn", "--auth", auth, "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Contains(expected, Assert.Single(kumoApi.Requests).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--auth+basic", "--auth 'basic' is not valid: use jwt:NAME, custom:NAME")]
    [InlineData("--auth+jwt:", "--auth 'jwt:' is not valid")]
    [InlineData("--auth+custom:gate+--scope+read", "--scope goes with --auth jwt:NAME")]
    [InlineData("--scope+read", "--scope goes with --auth jwt:NAME")]
    [InlineData("--rate+5", "--rate and --burst go together")]
    [InlineData("--burst+5", "--rate and --burst go together")]
    public async Task RoutesAdd_BadAccessOptions_AreUsageErrorsAndSendNothing(string options, string expected)
    {
        var kumo = await KumoProcess.RunAsync(["routes", "add", "shop", "GET /", "fn", .. options.Split('+'), "--endpoint", UnusedEndpoint()], null);

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains(expected, Lines(kumo.Stderr)[0], StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }

    [Theory]
    [InlineData("/users", "kumo: route key '/users' is not valid: give a method and a path as one argument")]
    [InlineData("GET", "kumo: route key 'GET' is not valid")]
    public async Task RoutesAdd_RouteKeyWithoutMethodAndPath_IsAUsageErrorAndSendsNothing(string routeKey, string expected)
    {
        var kumo = await KumoProcess.RunAsync("routes", "add", "shop", routeKey, "fn", "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.StartsWith(expected, Assert.Single(Lines(kumo.Stderr)), StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }

    [Theory]
    [InlineData("--payload-format", "3.0", "3.0")]
    [InlineData("--timeout", "901", "--timeout 901 is not valid: use a whole number of seconds from 1 to 900")]
    public async Task RoutesAdd_BadOption_IsAUsageError(string option, string value, string expected)
    {
        var kumo = await KumoProcess.RunAsync("routes", "add", "shop", "GET /", "fn", option, value, "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains(expected, Lines(kumo.Stderr)[0], StringComparison.Ordinal);
        Assert.Equal("Run 'kumo routes add --help' for usage.", Lines(kumo.Stderr)[^1]);
    }

    [Theory]
    [InlineData(409, "Conflict", 1)]
    [InlineData(404, "NotFound", 1)]
    [InlineData(400, "InvalidParameter", 2)]
    public async Task RoutesAdd_Refused_PrintsTheServersMessage(int status, string code, int exitCode)
    {
        await using var kumoApi = CannedHttpServer.Start(status, NoHeaders, $$"""{"code":"{{code}}","message":"refused because {{code}}"}""");

        var kumo = await KumoProcess.RunAsync("routes", "add", "shop", "GET /", "fn", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(exitCode, kumo.ExitCode);
        Assert.Equal($"kumo: refused because {code}", Assert.Single(Lines(kumo.Stderr)));
        Assert.Equal("", kumo.Stdout);
    }

    [Fact]
    public async Task RoutesRm_SendsDeleteAndSaysSo()
    {
        await using var kumoApi = CannedHttpServer.Start(204, NoHeaders, "");

        var kumo = await KumoProcess.RunAsync("routes", "rm", "r-k3v9x0q2mz", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("Removed route r-k3v9x0q2mz.", Assert.Single(Lines(kumo.Stdout)));
        var request = Assert.Single(kumoApi.Requests);
        Assert.Equal(("DELETE", "/_kumo/v1/routes/r-k3v9x0q2mz"), (request.Method, request.Path));
    }

    [Fact]
    public async Task RoutesRm_NoSuchRoute_PrintsTheServersMessageAndExitsOne()
    {
        await using var kumoApi = CannedHttpServer.Start(404, NoHeaders, """{"code":"NotFound","message":"there is no route 'r-nope'."}""");

        var kumo = await KumoProcess.RunAsync("routes", "rm", "r-nope", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal("kumo: there is no route 'r-nope'.", Assert.Single(Lines(kumo.Stderr)));
    }

    [Theory]
    [InlineData("routes ls")]
    [InlineData("routes add shop GET+/ fn")]
    [InlineData("routes rm r-1")]
    [InlineData("url hello")]
    public async Task Verb_NoServer_ExitsOneWithOneLineSayingHowToStartOne(string verb)
    {
        var endpoint = UnusedEndpoint();

        var kumo = await KumoProcess.RunAsync([.. verb.Split(' ').Select(a => a.Replace('+', ' ')), "--endpoint", endpoint], null);

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith($"kumo: no Kumo server answers at {endpoint}/", line, StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }

    [Fact]
    public async Task Url_Existing_PrintsTheHostAndPathForms()
    {
        await using var lambda = CannedHttpServer.Start(200, NoHeaders, UrlConfig);

        var kumo = await KumoProcess.RunAsync("url", "hello", "--endpoint", lambda.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal(["http://abc123.lambda-url.localhost:7070/", $"{lambda.Endpoint}/_kumo/url/abc123/"], Lines(kumo.Stdout));
        Assert.Equal("", kumo.Stderr);
        var request = Assert.Single(lambda.Requests);
        Assert.Equal(("GET", "/2021-10-31/functions/hello/url"), (request.Method, request.Path));
    }

    [Fact]
    public async Task Url_Json_PrintsTheConfigurationWithThePathForm()
    {
        await using var lambda = CannedHttpServer.Start(200, NoHeaders, UrlConfig);

        var kumo = await KumoProcess.RunAsync("url", "hello", "--json", "--endpoint", lambda.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        using var document = JsonDocument.Parse(kumo.Stdout);
        Assert.Equal("NONE", document.RootElement.GetProperty("AuthType").GetString());
        Assert.Equal($"{lambda.Endpoint}/_kumo/url/abc123/", document.RootElement.GetProperty("PathUrl").GetString());
    }

    [Fact]
    public async Task Url_FunctionHasNone_MakesOneWithAuthTypeNone()
    {
        await using var lambda = CannedHttpServer.Start(request => request.Method == "GET"
            ? NotFound("The resource you requested does not exist: arn:aws:lambda:us-east-1:000000000000:function:hello has no function URL.")
            : new CannedHttpServer.Answer(201, NoHeaders, UrlConfig));

        var kumo = await KumoProcess.RunAsync("url", "hello", "--endpoint", lambda.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal(["http://abc123.lambda-url.localhost:7070/", $"{lambda.Endpoint}/_kumo/url/abc123/"], Lines(kumo.Stdout));
        Assert.StartsWith("Made a function URL for 'hello', with AuthType NONE", Assert.Single(Lines(kumo.Stderr)), StringComparison.Ordinal);
        Assert.Equal(
            [("GET", "/2021-10-31/functions/hello/url", ""), ("POST", "/2021-10-31/functions/hello/url", """{"AuthType":"NONE"}""")],
            lambda.Requests.Select(r => (r.Method, r.Path, r.Body)));
    }

    [Fact]
    public async Task Url_NoSuchFunction_PrintsTheLambdaErrorAndMakesNothing()
    {
        await using var lambda = CannedHttpServer.Start(_ => NotFound("Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost"));

        var kumo = await KumoProcess.RunAsync("url", "ghost", "--endpoint", lambda.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal(
            "kumo: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost",
            Assert.Single(Lines(kumo.Stderr)));
        Assert.Equal("GET", Assert.Single(lambda.Requests).Method);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>
/// <c>kumo routes ls</c>, <c>kumo routes add</c> and <c>kumo routes rm</c>: the routes of apps' HTTP APIs, each a
/// method and path that invoke a function or serve the files of a bucket, and who may call it.
/// </summary>
internal static class RoutesCommand
{
    private const string DefaultRoute = "$default";

    public static Command Create(CliConsole console)
    {
        var app = new Option<string?>("--app") { Description = "Only this app's routes", HelpName = "APP" };
        var json = new Option<bool>("--json") { Description = "Print the routes as JSON" };
        var list = new Command("ls", "List routes: app, route key, target (a function, or s3://BUCKET/PREFIX) and URL") { app, json };
        list.SetAction((parse, cancellationToken) => ListAsync(
            parse.GetValue(EndpointOption.Instance)!, parse.GetValue(app), parse.GetValue(json), console, cancellationToken));

        var addApp = new Argument<string>("app") { Description = "The app: lowercase letters, digits and '-'; served at APP.api.localhost" };
        var routeKey = new Argument<string>("route-key") { Description = "The method and path, as one argument: 'GET /users/{id}', 'ANY /{proxy+}', or '$default'" };
        var function = new Argument<string?>("function")
        {
            Description = "The function the route invokes; leave it out with --bucket",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var bucket = new Option<string?>("--bucket")
        {
            Description = "Instead of a function: serve the files of this bucket to GET and HEAD (route key GET, HEAD or ANY with a greedy path such as 'GET /{proxy+}', or '$default')",
            HelpName = "BUCKET",
        };
        var prefix = new Option<string?>("--prefix")
        {
            Description = "With --bucket: the folder of the bucket to serve, such as site/ [default: the whole bucket]",
            HelpName = "PREFIX",
        };
        var format = new Option<string?>("--payload-format") { Description = "The event's shape: 2.0 (HTTP API) or 1.0 (REST API proxy) [default: 2.0]", HelpName = "1.0|2.0" };
        format.AcceptOnlyFromAmong("1.0", "2.0");
        var timeout = new Option<int?>("--timeout")
        {
            Description = "Seconds to wait for the function before answering 504, 1–900 [default: the function's timeout]",
            HelpName = "SECONDS",
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } seconds and (< 1 or > 900))
            {
                result.AddError($"--timeout {seconds} is not valid: use a whole number of seconds from 1 to 900");
            }
        });
        var auth = new Option<string?>("--auth")
        {
            Description = "Who may call: jwt:NAME (a bearer JWT checked by the app's jwt authoriser NAME), custom:NAME (its lambda authoriser decides) or none [default: none]",
            HelpName = "jwt:NAME|custom:NAME|none",
        };
        auth.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && ParseAuth(text) is null)
            {
                result.AddError($"--auth '{text}' is not valid: use jwt:NAME, custom:NAME (NAME an authoriser of the app, as 'kumo apps get APP' shows) or none");
            }
        });
        var scope = new Option<string[]>("--scope")
        {
            Description = "With --auth jwt:NAME: a scope the token must carry; repeat it to accept any of several",
            HelpName = "SCOPE",
            AllowMultipleArgumentsPerToken = false,
        };
        var apiKey = new Option<bool>("--api-key") { Description = "Callers must send one of the app's API keys in x-api-key ('kumo apps keys add')" };
        var add = new Command("add", "Add a route: requests to METHOD /path of APP invoke FUNCTION, or get the files of --bucket")
        {
            addApp, routeKey, function, bucket, prefix, format, timeout, auth, scope, apiKey,
        };
        var rateLimit = new RateLimitOptions(add, "for the route (all callers together)");
        add.Validators.Add(result =>
        {
            if (result.GetValue(scope) is { Length: > 0 } && ParseAuth(result.GetValue(auth) ?? "none")?.Type != "JWT")
            {
                result.AddError("--scope goes with --auth jwt:NAME: scopes are claims of a JWT");
            }

            var hasFunction = !string.IsNullOrEmpty(result.GetValue(function));
            var bucketName = result.GetValue(bucket);
            if (hasFunction && bucketName is not null)
            {
                result.AddError($"give either FUNCTION (a function the route invokes) or --bucket {bucketName} (a bucket whose files it serves), not both");
            }
            else if (!hasFunction && bucketName is null)
            {
                result.AddError("give the FUNCTION the route invokes, or --bucket BUCKET for a route that serves a bucket's files");
            }

            if (result.GetValue(prefix) is not null && bucketName is null)
            {
                result.AddError("--prefix goes with --bucket: it is the folder of the bucket the route serves");
            }

            if (bucketName is not null && (result.GetValue(format) is not null || result.GetValue(timeout) is not null))
            {
                result.AddError("--payload-format and --timeout are for a route that invokes a function, not one that serves --bucket");
            }
        });
        add.SetAction((parse, cancellationToken) =>
        {
            var (authorizationType, authorizer) = parse.GetValue(auth) is { } text ? ParseAuth(text)!.Value : (null, null);
            var request = new RouteRequest
            {
                App = parse.GetValue(addApp)!,
                Function = parse.GetValue(function),
                Bucket = parse.GetValue(bucket),
                Prefix = parse.GetValue(prefix),
                PayloadFormat = parse.GetValue(format),
                TimeoutSeconds = parse.GetValue(timeout),
                AuthorizationType = authorizationType,
                Authorizer = authorizer,
                Scopes = parse.GetValue(scope) is { Length: > 0 } scopes ? scopes : null,
                ApiKeyRequired = parse.GetValue(apiKey) ? true : null,
                RateLimit = rateLimit.Read(parse),
            };
            return AddAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(routeKey)!, request, console, cancellationToken);
        });

        var routeId = new Argument<string>("route-id") { Description = "The route's id, as 'kumo routes ls' shows it" };
        var remove = new Command("rm", "Remove a route") { routeId };
        remove.SetAction((parse, cancellationToken) =>
            RemoveAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(routeId)!, console, cancellationToken));

        return new Command("routes", "HTTP routes of apps: a method and path that invoke a function or serve a bucket's files") { list, add, remove };
    }

    private static async Task<int> ListAsync(string endpointText, string? app, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var path = app is null ? NativeApi.RoutesPath : $"{NativeApi.RoutesPath}?app={Uri.EscapeDataString(app)}";
        var answer = await client.GetAsync(path, KumoJsonContext.Default.RouteList, cancellationToken);
        if (answer.Value is not { } routes)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(routes, KumoJsonContext.Default.RouteList));
            return ExitCodes.Success;
        }

        if (routes.Routes.Count == 0)
        {
            console.Out.MarkupLine(app is null ? "[dim]No routes yet.[/]" : $"[dim]App '{Markup.Escape(app)}' has no routes.[/]");
            return ExitCodes.Success;
        }

        var table = CliFormat.ListTable("ROUTE ID", "APP", "ROUTE KEY", "TARGET", "FORMAT", "ACCESS", "URL");
        foreach (var route in routes.Routes)
        {
            var target = Target(route);
            table.AddRow(
                Markup.Escape(route.RouteId), Markup.Escape(route.App), Markup.Escape(route.RouteKey),
                Markup.Escape(target), Markup.Escape(route.Bucket is null ? route.PayloadFormat : "-"), Markup.Escape(Access(route)), Markup.Escape(route.Url));
        }

        console.Out.Write(table);
        return ExitCodes.Success;
    }

    /// <summary>What a route does, in one column: its function (with <c>:QUALIFIER</c>), or <c>s3://BUCKET/PREFIX</c> for one that serves a bucket.</summary>
    private static string Target(RouteEntry route) =>
        route.Bucket is { } bucket ? $"s3://{bucket}/{route.Prefix}"
        : route.Qualifier is null ? route.Function ?? "" : $"{route.Function}:{route.Qualifier}";

    /// <summary>
    /// Who may call a route, in one column: <c>none</c>, <c>jwt:NAME</c> (with its scopes in brackets) or
    /// <c>custom:NAME</c>, then <c>api-key</c> and the rate limit when it has them.
    /// </summary>
    private static string Access(RouteEntry route)
    {
        var parts = new List<string>
        {
            route.AuthorizationType switch
            {
                "JWT" => $"jwt:{route.Authorizer}" + (route.Scopes is { Count: > 0 } scopes ? $"[{string.Join(',', scopes)}]" : ""),
                "CUSTOM" => $"custom:{route.Authorizer}",
                _ => "none",
            },
        };
        if (route.ApiKeyRequired)
        {
            parts.Add("api-key");
        }

        if (route.RateLimit is { Rate: { } rate, Burst: { } burst })
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rate}/s burst {burst}"));
        }

        return string.Join(' ', parts);
    }

    /// <summary>The authorisation type and authoriser of <c>--auth</c>: <c>jwt:NAME</c>, <c>custom:NAME</c> or <c>none</c>; null when it is none of them.</summary>
    private static (string Type, string? Authorizer)? ParseAuth(string text)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return ("NONE", null);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, name) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        if (name.Length == 0)
        {
            return null;
        }

        return kind.ToLowerInvariant() switch
        {
            "jwt" => ("JWT", name),
            "custom" => ("CUSTOM", name),
            _ => null,
        };
    }

    private static async Task<int> AddAsync(string endpointText, string routeKey, RouteRequest template, CliConsole console, CancellationToken cancellationToken)
    {
        if (Parse(routeKey) is not (var method, var path))
        {
            console.Fail(
                $"route key '{routeKey}' is not valid: give a method and a path as one argument, such as 'GET /users/{{id}}' " +
                $"(ANY for every method), or '{DefaultRoute}'");
            return ExitCodes.Usage;
        }

        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var request = template with { Method = method, Path = path };
        var answer = await client.PostAsync(
            NativeApi.RoutesPath, request, KumoJsonContext.Default.RouteRequest, KumoJsonContext.Default.RouteEntry, cancellationToken);
        if (answer.Value is not { } route)
        {
            return answer.ExitCode;
        }

        var output = console.Out.Profile.Out.Writer;
        output.WriteLine(route.RouteId);
        output.WriteLine(route.Url);
        return ExitCodes.Success;
    }

    /// <summary>The method and path of a route key such as <c>GET /users/{id}</c>; the method is null for <c>$default</c>.</summary>
    private static (string? Method, string Path)? Parse(string routeKey)
    {
        var key = routeKey.Trim();
        if (key == DefaultRoute)
        {
            return (null, DefaultRoute);
        }

        var parts = key.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts is [var method, var path] ? (method, path) : null;
    }

    private static async Task<int> RemoveAsync(string endpointText, string routeId, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var exitCode = await client.DeleteAsync($"{NativeApi.RoutesPath}/{Uri.EscapeDataString(routeId)}", cancellationToken);
        if (exitCode == ExitCodes.Success)
        {
            console.Out.Profile.Out.Writer.WriteLine($"Removed route {routeId}.");
        }

        return exitCode;
    }
}

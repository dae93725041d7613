using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>
/// <c>kumo routes ls</c>, <c>kumo routes add</c> and <c>kumo routes rm</c>: the routes of apps' HTTP APIs, each a
/// method and path that invoke a function.
/// </summary>
internal static class RoutesCommand
{
    private const string DefaultRoute = "$default";

    public static Command Create(CliConsole console)
    {
        var app = new Option<string?>("--app") { Description = "Only this app's routes", HelpName = "APP" };
        var json = new Option<bool>("--json") { Description = "Print the routes as JSON" };
        var list = new Command("ls", "List routes: app, route key, function and URL") { app, json };
        list.SetAction((parse, cancellationToken) => ListAsync(
            parse.GetValue(EndpointOption.Instance)!, parse.GetValue(app), parse.GetValue(json), console, cancellationToken));

        var addApp = new Argument<string>("app") { Description = "The app: lowercase letters, digits and '-'; served at APP.api.localhost" };
        var routeKey = new Argument<string>("route-key") { Description = "The method and path, as one argument: 'GET /users/{id}', 'ANY /{proxy+}', or '$default'" };
        var function = new Argument<string>("function") { Description = "The function the route invokes" };
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
        var add = new Command("add", "Add a route: requests to METHOD /path of APP invoke FUNCTION") { addApp, routeKey, function, format, timeout };
        add.SetAction((parse, cancellationToken) => AddAsync(
            parse.GetValue(EndpointOption.Instance)!,
            parse.GetValue(addApp)!,
            parse.GetValue(routeKey)!,
            parse.GetValue(function)!,
            parse.GetValue(format),
            parse.GetValue(timeout),
            console,
            cancellationToken));

        var routeId = new Argument<string>("route-id") { Description = "The route's id, as 'kumo routes ls' shows it" };
        var remove = new Command("rm", "Remove a route") { routeId };
        remove.SetAction((parse, cancellationToken) =>
            RemoveAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(routeId)!, console, cancellationToken));

        return new Command("routes", "HTTP routes of apps: a method and path that invoke a function") { list, add, remove };
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

        var table = CliFormat.ListTable("ROUTE ID", "APP", "ROUTE KEY", "FUNCTION", "FORMAT", "URL");
        foreach (var route in routes.Routes)
        {
            var target = route.Qualifier is null ? route.Function : $"{route.Function}:{route.Qualifier}";
            table.AddRow(
                Markup.Escape(route.RouteId), Markup.Escape(route.App), Markup.Escape(route.RouteKey),
                Markup.Escape(target), Markup.Escape(route.PayloadFormat), Markup.Escape(route.Url));
        }

        console.Out.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> AddAsync(
        string endpointText, string app, string routeKey, string function, string? format, int? timeout, CliConsole console, CancellationToken cancellationToken)
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

        var request = new RouteRequest { App = app, Method = method, Path = path, Function = function, PayloadFormat = format, TimeoutSeconds = timeout };
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
        var endpoint = EndpointOption.Parse(endpointText, out var problem);
        if (endpoint is null)
        {
            console.Fail(problem!);
            return ExitCodes.Usage;
        }

        var path = $"{NativeApi.RoutesPath}/{Uri.EscapeDataString(routeId)}";
        try
        {
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = NativeApiClient.RequestTimeout };
            using var response = await http.DeleteAsync(path.TrimStart('/'), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                console.Out.Profile.Out.Writer.WriteLine($"Removed route {routeId}.");
                return ExitCodes.Success;
            }

            console.Fail(await ErrorMessageAsync(response, cancellationToken)
                ?? $"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} to DELETE {path}; is it a Kumo server of this version?");
            return response.StatusCode == HttpStatusCode.BadRequest ? ExitCodes.Usage : ExitCodes.Failure;
        }
        catch (HttpRequestException e)
        {
            console.Fail(NativeApiClient.Unreachable(endpoint, e.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            console.Fail($"the server at {endpoint} did not answer DELETE {path} within {NativeApiClient.RequestTimeout.TotalSeconds:0} s.");
        }

        return ExitCodes.Failure;
    }

    // NativeApiClient reads answers with a body; a removal answers 204 with none, so its error is read here.
    private static async Task<string?> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError, cancellationToken);
            return error is { Message.Length: > 0 } ? error.Message : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }
}

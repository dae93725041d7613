using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>
/// <c>kumo apps ls|get|put|rm</c>: apps' settings — CORS, debug mode and authorisers — beside their routes;
/// <c>kumo apps keys</c> (<see cref="AppKeysCommand"/>) for their API keys.
/// </summary>
internal static class AppsCommand
{
    /// <summary>The <c>--file</c> value that reads the settings from standard input.</summary>
    public const string StandardInput = "-";

    public static Command Create(CliConsole console)
    {
        var listJson = new Option<bool>("--json") { Description = "Print the apps as JSON" };
        var list = new Command("ls", "List apps: their routes, authorisers, API keys and URL") { listJson };
        list.SetAction((parse, cancellationToken) =>
            ListAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(listJson), console, cancellationToken));

        var getApp = AppArgument();
        var getJson = new Option<bool>("--json") { Description = "Print the app as JSON" };
        var get = new Command("get", "Show an app's settings: CORS, debug, authorisers (never their secrets) and API keys (never the keys)") { getApp, getJson };
        get.SetAction((parse, cancellationToken) =>
            GetAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(getApp)!, parse.GetValue(getJson), console, cancellationToken));

        var putApp = AppArgument();
        var file = new Option<string>("--file")
        {
            Description = "A JSON file of the settings: {\"cors\": …, \"debug\": …, \"authorizers\": {NAME: …}}; - reads standard input",
            HelpName = "FILE",
            Required = true,
        };
        var put = new Command("put", "Replace an app's settings with those of a file (its API keys are kept)") { putApp, file };
        put.SetAction((parse, cancellationToken) => PutAsync(
            parse.GetValue(EndpointOption.Instance)!, parse.GetValue(putApp)!, parse.GetValue(file)!, console, cancellationToken));

        var removeApp = AppArgument();
        var remove = new Command("rm", "Remove an app's settings and API keys (its routes are kept)") { removeApp };
        remove.SetAction((parse, cancellationToken) =>
            RemoveAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(removeApp)!, console, cancellationToken));

        return new Command("apps", "Apps' settings: CORS, debug, authorisers and API keys") { list, get, put, remove, AppKeysCommand.Create(console) };
    }

    public static Argument<string> AppArgument() => new("app") { Description = "The app, as in 'kumo routes ls'" };

    /// <summary>The path of app <paramref name="app"/> in the native API.</summary>
    public static string AppPath(string app) => $"{NativeApi.AppsPath}/{Uri.EscapeDataString(app)}";

    /// <summary>A rate limit as lists show it: <c>5/s burst 10</c>, or <c>-</c> for none.</summary>
    public static string Limit(RateLimitSettings? limit) =>
        limit is { Rate: { } rate, Burst: { } burst } ? string.Create(CultureInfo.InvariantCulture, $"{rate}/s burst {burst}") : "-";

    private static async Task<int> ListAsync(string endpointText, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.GetAsync(NativeApi.AppsPath, KumoJsonContext.Default.AppList, cancellationToken);
        if (answer.Value is not { } apps)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(apps, KumoJsonContext.Default.AppList));
            return ExitCodes.Success;
        }

        if (apps.Apps.Count == 0)
        {
            console.Out.MarkupLine("[dim]No apps yet: 'kumo routes add APP …' makes one.[/]");
            return ExitCodes.Success;
        }

        var table = CliFormat.ListTable("APP", "ROUTES>", "AUTHORISERS", "API KEYS>", "CORS", "DEBUG", "URL");
        foreach (var app in apps.Apps)
        {
            var authorizers = app.Authorizers.Count == 0 ? "-" : string.Join(", ", app.Authorizers.Select(a => $"{a.Key} ({a.Value.Type})"));
            table.AddRow(
                Markup.Escape(app.Name), CliFormat.Number(app.RouteCount), Markup.Escape(authorizers), CliFormat.Number(app.ApiKeys.Count),
                app.Cors is null ? "no" : "yes", app.Debug ? "yes" : "no", Markup.Escape(app.Url));
        }

        console.Out.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> GetAsync(string endpointText, string app, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.GetAsync(AppPath(app), KumoJsonContext.Default.AppEntry, cancellationToken);
        if (answer.Value is not { } entry)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(entry, KumoJsonContext.Default.AppEntry));
        }
        else
        {
            Render(entry, console.Out);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> PutAsync(string endpointText, string app, string file, CliConsole console, CancellationToken cancellationToken)
    {
        if (ReadSettings(file, out var problem) is not { } body)
        {
            console.Fail(problem!);
            return ExitCodes.Usage;
        }

        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.PutBytesAsync(AppPath(app), body, KumoJsonContext.Default.AppEntry, cancellationToken);
        if (answer.Value is not { } entry)
        {
            return answer.ExitCode;
        }

        Render(entry, console.Out);
        return ExitCodes.Success;
    }

    private static async Task<int> RemoveAsync(string endpointText, string app, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var exitCode = await client.DeleteAsync(AppPath(app), cancellationToken);
        if (exitCode == ExitCodes.Success)
        {
            console.Out.Profile.Out.Writer.WriteLine($"Removed the settings and API keys of app '{app}'; its routes are kept.");
        }

        return exitCode;
    }

    /// <summary>The bytes of the settings file (or standard input for <c>-</c>), or null with why they cannot be sent.</summary>
    private static byte[]? ReadSettings(string file, out string? problem)
    {
        problem = null;
        var source = file == StandardInput ? "the settings on standard input" : $"settings file '{file}'";
        byte[] body;
        try
        {
            if (file == StandardInput)
            {
                using var input = Console.OpenStandardInput();
                using var copy = new MemoryStream();
                input.CopyTo(copy);
                body = copy.ToArray();
            }
            else if (!File.Exists(file))
            {
                problem = $"{source} does not exist: give --file with a JSON file of the settings, or - to read them from standard input";
                return null;
            }
            else
            {
                body = File.ReadAllBytes(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{source} cannot be read: {e.Message}";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            problem = $"{source} is not JSON ({e.Message}): give a document such as {{\"authorizers\": {{\"users\": {{\"type\": \"jwt\", \"jwksUri\": \"https://…\"}}}}}}";
            return null;
        }

        return body;
    }

    private static void Render(AppEntry app, IAnsiConsole output)
    {
        var table = new Table().NoBorder().HideHeaders().AddColumn("field").AddColumn("value");
        table.AddRow("app", Markup.Escape(app.Name));
        table.AddRow("url", Markup.Escape(app.Url));
        table.AddRow("routes", CliFormat.Number(app.RouteCount));
        table.AddRow("debug", app.Debug ? "yes (a failed function's error is in the 502)" : "no");
        table.AddRow("cors", app.Cors is { } cors ? Markup.Escape(Describe(cors)) : "none");
        if (app.Authorizers.Count == 0)
        {
            table.AddRow("authorisers", "none");
        }

        foreach (var (name, authorizer) in app.Authorizers)
        {
            table.AddRow("authoriser", Markup.Escape($"{name}: {Describe(authorizer)}"));
        }

        if (app.ApiKeys.Count == 0)
        {
            table.AddRow("api keys", "none");
        }

        foreach (var key in app.ApiKeys)
        {
            table.AddRow("api key", Markup.Escape($"{key.Id}  {key.Name}  {Limit(key.RateLimit)}  made {CliFormat.Time(key.CreatedAt)}"));
        }

        table.AddRow("last modified", app.LastModified is { } modified ? CliFormat.Time(modified) : "never (the app has no settings)");
        output.Write(table);
    }

    private static string Describe(CorsSettings cors)
    {
        var parts = new List<string>();
        Add("origins", cors.AllowOrigins);
        Add("methods", cors.AllowMethods);
        Add("headers", cors.AllowHeaders);
        Add("expose", cors.ExposeHeaders);
        if (cors.AllowCredentials == true)
        {
            parts.Add("credentials");
        }

        if (cors.MaxAge is { } maxAge)
        {
            parts.Add($"max age {CliFormat.Number(maxAge)} s");
        }

        return string.Join("; ", parts);

        void Add(string label, IReadOnlyList<string?>? values)
        {
            if (values is { Count: > 0 })
            {
                parts.Add($"{label} {string.Join(", ", values)}");
            }
        }
    }

    private static string Describe(AuthorizerEntry authorizer)
    {
        var parts = new List<string> { authorizer.Type };
        if (authorizer.Type == "jwt")
        {
            parts.Add(authorizer.Issuer is { } issuer ? $"issuer {issuer}" : "any issuer");
            parts.Add(authorizer.Audiences is { Count: > 0 } audiences ? $"audiences {string.Join(", ", audiences)}" : "any audience");
            if (authorizer.JwksUri is { } jwks)
            {
                parts.Add($"JWKS {jwks}");
            }

            if (authorizer.SecretSet == true)
            {
                parts.Add("HS256 secret set");
            }

            parts.Add($"clock skew {CliFormat.Number(authorizer.ClockSkewSeconds ?? 0)} s");
        }
        else
        {
            parts.Add($"function {authorizer.Function}");
            parts.Add(authorizer.IdentitySource is { Count: > 0 } sources ? $"identity {string.Join(", ", sources)}" : "no identity source");
            parts.Add(authorizer.ResultTtlSeconds is { } ttl and > 0 ? $"decisions kept {CliFormat.Number(ttl)} s" : "asks every time");
            parts.Add(authorizer.EnableSimpleResponses == false ? "IAM policy answers" : "simple answers");
        }

        return string.Join(", ", parts);
    }
}

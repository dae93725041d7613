using System.CommandLine;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary>
/// <c>kumo apps keys add|ls|rm</c>: an app's API keys, which routes made with <c>--api-key</c> require in the
/// <c>x-api-key</c> header. A key is printed once, when made; the server keeps only its SHA-256.
/// </summary>
internal static class AppKeysCommand
{
    public static Command Create(CliConsole console)
    {
        var addApp = AppsCommand.AppArgument();
        var name = new Argument<string>("name") { Description = "What the key is for, such as partner-a" };
        var add = new Command("add", "Make an API key and print it (this is the only time it is shown)") { addApp, name };
        var rateLimit = new RateLimitOptions(add, "for requests with this key");
        add.SetAction((parse, cancellationToken) => AddAsync(
            parse.GetValue(EndpointOption.Instance)!,
            parse.GetValue(addApp)!,
            new ApiKeyRequest { Name = parse.GetValue(name), RateLimit = rateLimit.Read(parse) },
            console,
            cancellationToken));

        var listApp = AppsCommand.AppArgument();
        var json = new Option<bool>("--json") { Description = "Print the keys as JSON" };
        var list = new Command("ls", "List an app's API keys: id, name, rate limit (never the keys)") { listApp, json };
        list.SetAction((parse, cancellationToken) =>
            ListAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(listApp)!, parse.GetValue(json), console, cancellationToken));

        var removeApp = AppsCommand.AppArgument();
        var keyId = new Argument<string>("key-id") { Description = "The key's id, as 'kumo apps keys ls' shows it" };
        var remove = new Command("rm", "Remove an API key: requests with it are refused from then on") { removeApp, keyId };
        remove.SetAction((parse, cancellationToken) => RemoveAsync(
            parse.GetValue(EndpointOption.Instance)!, parse.GetValue(removeApp)!, parse.GetValue(keyId)!, console, cancellationToken));

        return new Command("keys", "An app's API keys, sent by callers in x-api-key") { add, list, remove };
    }

    private static string KeysPath(string app) => AppsCommand.AppPath(app) + NativeApi.KeysSuffix;

    private static async Task<int> AddAsync(string endpointText, string app, ApiKeyRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.PostAsync(
            KeysPath(app), request, KumoJsonContext.Default.ApiKeyRequest, KumoJsonContext.Default.ApiKeyCreated, cancellationToken);
        if (answer.Value is not { } created)
        {
            return answer.ExitCode;
        }

        // The key alone on standard output, so that a script can keep it: KEY=$(kumo apps keys add shop partner-a).
        console.Out.Profile.Out.Writer.WriteLine(created.Key);
        console.Error.WriteLine(
            $"Made API key {created.Id} ('{created.Name}') for app '{app}'. It cannot be shown again: keep it now. " +
            "Callers send it in the x-api-key header.");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(string endpointText, string app, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.GetAsync(KeysPath(app), KumoJsonContext.Default.ApiKeyList, cancellationToken);
        if (answer.Value is not { } keys)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(keys, KumoJsonContext.Default.ApiKeyList));
            return ExitCodes.Success;
        }

        if (keys.Keys.Count == 0)
        {
            console.Out.MarkupLine($"[dim]App '{Markup.Escape(app)}' has no API keys.[/]");
            return ExitCodes.Success;
        }

        var table = CliFormat.ListTable("KEY ID", "NAME", "RATE LIMIT", "CREATED");
        foreach (var key in keys.Keys)
        {
            table.AddRow(Markup.Escape(key.Id), Markup.Escape(key.Name), Markup.Escape(AppsCommand.Limit(key.RateLimit)), CliFormat.Time(key.CreatedAt));
        }

        console.Out.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> RemoveAsync(string endpointText, string app, string keyId, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var exitCode = await client.DeleteAsync($"{KeysPath(app)}/{Uri.EscapeDataString(keyId)}", cancellationToken);
        if (exitCode == ExitCodes.Success)
        {
            console.Out.Profile.Out.Writer.WriteLine($"Removed API key {keyId} of app '{app}'.");
        }

        return exitCode;
    }
}

using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Cli.Invoke;
using Kumo.Gateway;

namespace Kumo.Cli.Commands;

/// <summary>
/// <c>kumo url NAME</c>: the function's URL, through the Lambda API's <c>GetFunctionUrlConfig</c>; when the function
/// has none, one is made (<c>CreateFunctionUrlConfig</c> with <c>AuthType NONE</c>). Prints the host-based address
/// and the path-based one, for clients that cannot send a host.
/// </summary>
internal static class UrlCommand
{
    private const string CreateBody = """{"AuthType":"NONE"}""";

    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The function's name" };
        var json = new Option<bool>("--json") { Description = "Print the function URL's configuration as JSON, with the path-based address as PathUrl" };
        var command = new Command("url", "Show a function's URL, making one (AuthType NONE) when it has none") { name, json };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(name)!, parse.GetValue(json), console, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string endpointText, string name, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOption.Parse(endpointText, out var problem);
        if (endpoint is null)
        {
            console.Fail(problem!);
            return ExitCodes.Usage;
        }

        var path = $"2021-10-31/functions/{Uri.EscapeDataString(name)}/url";
        var what = $"GET /{path}";
        try
        {
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = NativeApiClient.RequestTimeout };
            using var existing = await http.GetAsync(path, cancellationToken);
            if (existing.IsSuccessStatusCode)
            {
                return await PrintAsync(existing, what, endpoint, asJson, console, cancellationToken);
            }

            if (!await HasNoUrlAsync(existing, cancellationToken))
            {
                console.Fail(await LambdaErrorText.ReadAsync(existing, what, endpoint, cancellationToken));
                return ExitCodes.Failure;
            }

            what = $"POST /{path}";
            using var body = new StringContent(CreateBody, Encoding.UTF8, "application/json");
            using var made = await http.PostAsync(path, body, cancellationToken);
            if (!made.IsSuccessStatusCode)
            {
                console.Fail(await LambdaErrorText.ReadAsync(made, what, endpoint, cancellationToken));
                return ExitCodes.Failure;
            }

            console.Error.WriteLine($"Made a function URL for '{name}', with AuthType NONE: whoever reaches this server can call it.");
            return await PrintAsync(made, what, endpoint, asJson, console, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            console.Fail(NativeApiClient.Unreachable(endpoint, e.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            console.Fail($"the server at {endpoint} did not answer {what} within {NativeApiClient.RequestTimeout.TotalSeconds:0} s.");
        }

        return ExitCodes.Failure;
    }

    /// <summary>
    /// Whether the answer says the function exists but has no URL: <c>ResourceNotFoundException</c>, but not
    /// <c>Function not found</c>.
    /// </summary>
    private static async Task<bool> HasNoUrlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        if (response.StatusCode != HttpStatusCode.NotFound || type != "ResourceNotFoundException")
        {
            return false;
        }

        try
        {
            // The body stays buffered, so LambdaErrorText can read it again when it is not this case.
            var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["Message"]?.GetValue<string>();
            return message is null || !message.StartsWith("Function not found", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return true;
        }
    }

    private static async Task<int> PrintAsync(
        HttpResponseMessage response, string what, Uri endpoint, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        JsonObject? config = null;
        try
        {
            config = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        }
        catch (JsonException)
        {
            // Reported below, as any answer without a URL.
        }

        if (config?["FunctionUrl"] is not JsonValue value || !value.TryGetValue<string>(out var text)
            || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            console.Fail($"{endpoint} answered {what} without a FunctionUrl; is it a Kumo server of this version?");
            return ExitCodes.Failure;
        }

        // The URL's id is the first label of its host: {id}.lambda-url.localhost.
        var id = url.Host.Split('.')[0];
        var byPath = $"{endpoint.Scheme}://{endpoint.Authority}{GatewayOptions.FunctionUrlPathPrefix}{id}/";
        var output = console.Out.Profile.Out.Writer;
        if (asJson)
        {
            config["PathUrl"] = byPath;
            output.WriteLine(config.ToJsonString());
        }
        else
        {
            output.WriteLine(text);
            output.WriteLine(byPath);
        }

        return ExitCodes.Success;
    }
}

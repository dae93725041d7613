using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// A function's own keep-alive setting: <c>GET /_kumo/v1/functions/{name}/keep-alive</c> shows it, <c>PUT</c> replaces
/// it (<c>{"policy": "adaptive", "idleTimeoutSeconds": 300}</c>; a field left out follows the platform's setting). It
/// is Kumo's own, not part of the Lambda API. A change applies from the function's next invocation on; warm sandboxes
/// stay warm.
/// </summary>
internal static class FunctionKeepAliveEndpoints
{
    private const string Example = """{"policy": "adaptive", "idleTimeoutSeconds": 300}""";

    public static async Task<IResult> GetAsync(string name, [FromServices] IFunctionCatalog catalog, CancellationToken cancellationToken)
    {
        var function = await catalog.GetAsync(Tenants.Default, name, cancellationToken);
        return function is null ? NoSuchFunction(name) : Answer(function);
    }

    public static async Task<IResult> PutAsync(string name, HttpContext context, [FromServices] IFunctionCatalog catalog)
    {
        var cancellationToken = context.RequestAborted;
        KeepAliveRequest? body;
        try
        {
            // Read whatever the content type says: 'curl -d' sends JSON as a form.
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, KumoJsonContext.Default.KeepAliveRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return NativeErrors.BadRequest([$"the body is not valid JSON for a keep-alive setting ({e.Message}); send {Example}"]);
        }

        if (body is null)
        {
            return NativeErrors.BadRequest([$"the body is null; send {Example}, or {{}} to follow the platform's setting"]);
        }

        var problems = new List<string>();
        KeepAlivePolicy? policy = null;
        if (body.Policy is { } text)
        {
            policy = ParsePolicy(text);
            if (policy is null)
            {
                problems.Add($"policy '{text}' is not known: use fixed or adaptive, or leave it out to follow the platform's policy");
            }
        }

        var setting = new KeepAliveConfig { Policy = policy, IdleTimeoutSeconds = body.IdleTimeoutSeconds };
        problems.AddRange(setting.Problems());
        if (problems.Count > 0)
        {
            return NativeErrors.BadRequest(problems);
        }

        try
        {
            var function = await catalog.UpdateSettingsAsync(Tenants.Default, name, new FunctionSettings { KeepAlive = setting }, cancellationToken);
            return Answer(function);
        }
        catch (FunctionRequestException refusal)
        {
            return refusal.Kind == FunctionErrorKind.NotFound ? NoSuchFunction(name) : NativeErrors.From(refusal);
        }
    }

    private static IResult Answer(FunctionConfiguration function) => Results.Json(
        new KeepAliveEntry
        {
            Function = function.Name,
            Policy = function.KeepAlive.Policy is { } policy ? NameOf(policy) : null,
            IdleTimeoutSeconds = function.KeepAlive.IdleTimeoutSeconds,
        },
        KumoJsonContext.Default.KeepAliveEntry);

    /// <summary>A policy by its name in the API, in any case; null when it names none.</summary>
    public static KeepAlivePolicy? ParsePolicy(string text) =>
        string.Equals(text, "fixed", StringComparison.OrdinalIgnoreCase) ? KeepAlivePolicy.Fixed
        : string.Equals(text, "adaptive", StringComparison.OrdinalIgnoreCase) ? KeepAlivePolicy.Adaptive
        : null;

    /// <summary>A policy's name in the API.</summary>
    public static string NameOf(KeepAlivePolicy policy) => policy == KeepAlivePolicy.Adaptive ? "adaptive" : "fixed";

    private static IResult NoSuchFunction(string name) =>
        NativeErrors.Missing($"there is no function '{name}'. List them with GET {NativeApi.FunctionsPath} or 'kumo functions ls'.");
}

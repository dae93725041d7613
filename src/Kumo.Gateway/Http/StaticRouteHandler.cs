using Kumo.Abstractions.Http;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Http.Routing;
using Kumo.Gateway.StaticContent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Http;

/// <summary>
/// Serves a static route (<see cref="HttpRoute.StaticBucket"/>) once <see cref="HttpFunctionHandler"/> has applied
/// the app's CORS, API keys, rate limits and authoriser: GET and HEAD of the object the path names (<see cref="StaticKey"/>)
/// through <see cref="StaticObjectResponder"/>; 405 for other methods of an <c>ANY</c> route; a 302 to the path with
/// '/' for a folder; and the gateway's JSON <c>{"message"}</c> for a missing object (404) or bucket (502).
/// </summary>
internal sealed class StaticRouteHandler(IServiceProvider services)
{
    /// <summary>Answers <paramref name="context"/> from the bucket of <paramref name="route"/>; <paramref name="parameters"/> are the match's path parameters.</summary>
    public async Task ServeAsync(HttpContext context, HttpRoute route, IReadOnlyDictionary<string, string> parameters, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(parameters);
        var method = context.Request.Method;
        var bucketName = route.StaticBucket ?? throw new ArgumentException($"route {route.RouteId} serves no bucket", nameof(route));
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await HttpAnswers.MessageAsync(context, StatusCodes.Status405MethodNotAllowed,
                $"Method Not Allowed: route {route.RouteKey} serves the files of bucket '{bucketName}', to GET and HEAD only.");
            return;
        }

        var store = services.GetService<IObjectStore>();
        var bucket = store is null ? null : await store.GetBucketAsync(bucketName, context.RequestAborted);
        if (store is null || bucket is null || bucket.TenantId != route.TenantId)
        {
            await HttpAnswers.MessageAsync(context, StatusCodes.Status502BadGateway,
                $"Internal Server Error: the bucket route {route.RouteKey} serves, '{bucketName}', does not exist. " +
                $"Make it again, or remove the route with 'kumo routes rm {route.RouteId}'.");
            return;
        }

        var wanted = KeyOf(route, parameters, rawPath);
        if (wanted.Key is { } key)
        {
            switch (await StaticObjectResponder.ServeAsync(context, store, bucketName, key))
            {
                case StaticObjectOutcome.Sent:
                    return;
                case StaticObjectOutcome.PreconditionFailed:
                    await HttpAnswers.MessageAsync(context, StatusCodes.Status412PreconditionFailed,
                        $"Precondition Failed: the If-Match or If-Unmodified-Since of this request does not hold for '{rawPath}'.");
                    return;
                case StaticObjectOutcome.RangeNotSatisfiable:
                    await HttpAnswers.MessageAsync(context, StatusCodes.Status416RangeNotSatisfiable,
                        $"Range Not Satisfiable: '{context.Request.Headers.Range}' starts past the end of '{rawPath}' ({context.Response.Headers.ContentRange}).");
                    return;
            }
        }

        if (wanted.FolderIndex is { } index && await store.HeadAsync(bucketName, index, context.RequestAborted) is not null)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = LocalRedirect.Of(RequestPath(context) + "/" + context.Request.QueryString);
            context.Response.ContentLength = 0;
            return;
        }

        await HttpAnswers.MessageAsync(context, StatusCodes.Status404NotFound,
            $"Not Found: there is no file '{wanted.Key ?? wanted.FolderIndex}' in bucket '{bucketName}' for {method} {rawPath} (route {route.RouteKey} of app '{route.App}').");
    }

    /// <summary>The object a request asks a static route for: what its greedy parameter (or, for <c>$default</c>, its whole path) names under the route's prefix.</summary>
    internal static StaticKey KeyOf(HttpRoute route, IReadOnlyDictionary<string, string> parameters, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rawPath);
        string rest;
        if (RouteTemplate.TryParse(route.Path, out var template, out _) && template.IsGreedy)
        {
            rest = parameters.GetValueOrDefault(template.Segments[^1].Value, "");
        }
        else
        {
            rest = string.Join('/', HttpFunctionHandler.Segments(rawPath) ?? []);
        }

        return StaticKey.For(route.StaticPrefix ?? "", rest, rawPath.EndsWith('/'));
    }

    /// <summary>The request's path as the client sent it (percent-encoded), for a redirect to the same path with '/'.</summary>
    private static string RequestPath(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        return path.StartsWith('/') ? path : Uri.TryCreate(path, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : "/";
    }
}

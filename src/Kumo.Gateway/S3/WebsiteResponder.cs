using Kumo.Abstractions.Objects;
using Kumo.Gateway.Http;
using Kumo.Gateway.StaticContent;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Answers a request to a bucket's static website as S3's website endpoints do: GET and HEAD only (405 otherwise);
/// <c>RedirectAllRequestsTo</c>, then routing rules without an error condition; the index document for <c>/</c> and
/// keys ending in '/'; a 302 from <c>dir</c> to <c>dir/</c> when only <c>dir/{index}</c> exists; for a missing key,
/// a routing rule for 404, else the error document with status 404, else S3's 404 page. Objects are sent by
/// <see cref="StaticObjectResponder"/> (conditions, ranges). A bucket with a website configuration is public: Kumo
/// has no authentication yet.
/// </summary>
internal static class WebsiteResponder
{
    /// <summary>Answers a request for the website at <paramref name="address"/> from <paramref name="store"/>.</summary>
    public static async Task ServeAsync(HttpContext context, IObjectStore store, WebsiteAddress address)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(address);
        var request = context.Request;
        var method = request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await WebsitePages.ErrorAsync(context, S3Errors.MethodNotAllowed(method, "OBJECT"));
            return;
        }

        var aborted = context.RequestAborted;
        if (await store.GetBucketAsync(address.Bucket, aborted) is null)
        {
            await WebsitePages.ErrorAsync(context, S3Errors.NoSuchBucket(address.Bucket));
            return;
        }

        if (await WebsiteOperations.FindAsync(store, address.Bucket, aborted) is not { } site)
        {
            await WebsitePages.ErrorAsync(context, WebsiteOperations.NoSuchWebsiteConfiguration(address.Bucket));
            return;
        }

        if (site.RedirectAllRequestsTo is { } all)
        {
            var path = address.RawPath.Length == 0 ? "/" : address.RawPath;
            Redirect(context, StatusCodes.Status301MovedPermanently, $"{all.Protocol ?? request.Scheme}://{all.HostName}{path}{request.QueryString}");
            return;
        }

        if (address.RawPath.Length == 0)
        {
            // The path form's root without its '/': relative links in the index document need it.
            Redirect(context, StatusCodes.Status302Found, address.BasePath + "/" + request.QueryString);
            return;
        }

        var key = WebsiteKeys.FromPath(address.RawPath);
        if (FirstRule(site, key, error: null) is { } before)
        {
            RedirectBy(context, before, address, key);
            return;
        }

        var suffix = site.IndexSuffix ?? "";
        var indexed = key.Length == 0 || key.EndsWith('/');
        var objectKey = indexed ? key + suffix : key;
        switch (await StaticObjectResponder.ServeAsync(context, store, address.Bucket, objectKey))
        {
            case StaticObjectOutcome.Sent:
                return;
            case StaticObjectOutcome.PreconditionFailed:
                await WebsitePages.ErrorAsync(context, S3Errors.PreconditionFailed(Condition(request)));
                return;
            case StaticObjectOutcome.RangeNotSatisfiable:
                // The responder has set Content-Range: bytes */{size}.
                await WebsitePages.ErrorAsync(context, new S3Error(StatusCodes.Status416RangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable")
                    .With("RangeRequested", request.Headers.Range.ToString()));
                return;
        }

        if (!indexed && await store.HeadAsync(address.Bucket, key + "/" + suffix, aborted) is not null)
        {
            Redirect(context, StatusCodes.Status302Found, address.BasePath + WebsiteKeys.Path(key + "/"));
            return;
        }

        if (FirstRule(site, key, StatusCodes.Status404NotFound) is { } after)
        {
            RedirectBy(context, after, address, key);
            return;
        }

        var missing = S3Errors.NoSuchKey(objectKey);
        if (site.ErrorKey is not { } errorKey)
        {
            await WebsitePages.ErrorAsync(context, missing);
            return;
        }

        if (await StaticObjectResponder.ServeAsync(context, store, address.Bucket, errorKey, StatusCodes.Status404NotFound) != StaticObjectOutcome.Sent)
        {
            await WebsitePages.ErrorAsync(context, missing, S3Errors.NoSuchKey(errorKey));
        }
    }

    private static WebsiteRoutingRule? FirstRule(WebsiteConfiguration site, string key, int? error) =>
        site.RoutingRules.FirstOrDefault(rule => rule.AppliesTo(key, error));

    private static void RedirectBy(HttpContext context, WebsiteRoutingRule rule, WebsiteAddress address, string key) =>
        Redirect(context, rule.HttpRedirectCode ?? StatusCodes.Status301MovedPermanently, rule.Location(context.Request, address.BasePath, key));

    private static void Redirect(HttpContext context, int status, string location)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = LocalRedirect.Of(location);
        context.Response.ContentLength = 0;
    }

    /// <summary>The condition that failed, for the 412 page: If-Match when it was sent, else If-Unmodified-Since.</summary>
    private static string Condition(HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 ? "If-Match" : "If-Unmodified-Since";
}

using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.S3;

/// <summary>
/// Serves buckets' static websites (<see cref="WebsiteAddress"/>: <c>{bucket}.s3-website.localhost</c> and
/// <c>/_kumo/site/{bucket}/</c>) with <see cref="WebsiteResponder"/>, ahead of Kumo's own endpoints. Answers carry
/// S3's request ids; errors are S3's small HTML pages. Everything else goes on untouched.
/// </summary>
internal sealed class WebsiteMiddleware(RequestDelegate next, GatewayOptions options, PlatformLifecycle lifecycle, ILogger<WebsiteMiddleware> logger)
{
    /// <summary>Serves the request when it is for a website; passes it on otherwise.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (WebsiteAddress.Of(context, options.BaseHost) is not { } address)
        {
            await next(context);
            return;
        }

        S3Answers.StampRequestIds(context.Response);
        if (lifecycle.State == PlatformState.Starting)
        {
            await WebsitePages.ErrorAsync(context, S3Errors.ServiceUnavailable("Kumo is still starting; try again in a moment."));
            return;
        }

        if (context.RequestServices.GetService<IObjectStore>() is not { } store)
        {
            await WebsitePages.ErrorAsync(context, S3Errors.NotImplemented("This Kumo server has no object store."));
            return;
        }

        var resource = $"/{address.Bucket}{address.RawPath}";
        try
        {
            await WebsiteResponder.ServeAsync(context, store, address);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-download: there is no one to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            S3Log.RequestFailed(logger, context.Request.Method, resource, context.Response.Headers[S3Headers.RequestId].ToString(), e);
            var requestId = context.Response.Headers[S3Headers.RequestId];
            var hostId = context.Response.Headers[S3Headers.HostId];
            context.Response.Clear();
            context.Response.Headers[S3Headers.RequestId] = requestId;
            context.Response.Headers[S3Headers.HostId] = hostId;
            await WebsitePages.ErrorAsync(context, S3Errors.InternalError());
        }
        catch (Exception e)
        {
            S3Log.ResponseCutShort(logger, context.Request.Method, resource, context.Response.Headers[S3Headers.RequestId].ToString(), e);
            context.Abort();
        }
    }
}

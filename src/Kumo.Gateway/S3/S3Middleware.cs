using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Status;
using Kumo.Abstractions.Storage;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.S3;

/// <summary>
/// Serves the S3 REST API on Kumo's port, ahead of Kumo's own endpoints: takes the requests
/// <see cref="S3RequestMatcher"/> recognises (by host or by a SigV4 signature for <c>s3</c>), enforces presigned
/// URLs' expiry, and answers everything as S3 does, errors included. Everything else goes on untouched.
/// </summary>
internal sealed class S3Middleware(RequestDelegate next, GatewayOptions options, PlatformLifecycle lifecycle, TimeProvider time, ILogger<S3Middleware> logger)
{
    private readonly S3RequestMatcher _matcher = new(options);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_matcher.Match(context) is not { } target)
        {
            await next(context);
            return;
        }

        S3Answers.StampRequestIds(context.Response);
        if (context.Request.ContentLength == 0 && S3Answers.ExpectsContinueOverHttp1(context.Request))
        {
            // Kestrel sends no 100 Continue for an empty body, and botocore (1.29, Debian 12's), having sent the empty
            // body with the headers, then misreads the next answer on the connection: close it after this one.
            context.Response.Headers.Connection = "close";
        }

        var resource = target.Resource;
        if (lifecycle.State == PlatformState.Starting)
        {
            await S3Answers.ErrorAsync(context, S3Errors.ServiceUnavailable("Kumo is still starting; try again in a moment."), resource);
            return;
        }

        if (target.Presigned && PresignedExpiry.Check(context.Request, time.GetUtcNow()) is { } expired)
        {
            await S3Answers.ErrorAsync(context, expired, resource);
            return;
        }

        var services = context.RequestServices;
        if (services.GetService<IObjectStore>() is not { } store)
        {
            await S3Answers.ErrorAsync(context, S3Errors.NotImplemented("This Kumo server has no object store."), resource);
            return;
        }

        var region = target.Region ?? services.GetService<PlatformRegion>()?.Region ?? "us-east-1";
        var call = new S3Call(context, target, store, Tenants.Default, region, time) { Logger = logger };
        try
        {
            await S3Router.RouteAsync(call);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (mid-upload or mid-download): there is no one to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = S3Exception.Find(e)?.Error;
            if (error is null && e is BadHttpRequestException)
            {
                error = S3Errors.IncompleteBody("The request body could not be read to its end: " + e.Message);
            }

            if (error is null)
            {
                S3Log.RequestFailed(logger, context.Request.Method, resource, context.Response.Headers[S3Headers.RequestId].ToString(), e);
                error = e is StorageException storage ? S3Errors.InternalError(storage) : S3Errors.InternalError();
            }

            ClearForError(context.Response);
            await S3Answers.ErrorAsync(context, error, resource);
        }
        catch (Exception e)
        {
            S3Log.ResponseCutShort(logger, context.Request.Method, resource, context.Response.Headers[S3Headers.RequestId].ToString(), e);
            context.Abort();
        }
    }

    /// <summary>Drops what an operation set before it failed, but keeps the request ids.</summary>
    private static void ClearForError(HttpResponse response)
    {
        var requestId = response.Headers[S3Headers.RequestId];
        var hostId = response.Headers[S3Headers.HostId];
        response.Clear();
        response.Headers[S3Headers.RequestId] = requestId;
        response.Headers[S3Headers.HostId] = hostId;
    }
}

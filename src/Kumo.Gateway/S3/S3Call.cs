using System.Text;
using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Gateway.S3;

/// <summary>One S3 request being served: what it addresses, for whom, and the store it is served from.</summary>
internal sealed class S3Call(HttpContext context, S3Target target, IObjectStore store, string tenant, string region, TimeProvider time)
{
    public HttpContext Context { get; } = context;

    public HttpRequest Request => Context.Request;

    public HttpResponse Response => Context.Response;

    public IQueryCollection Query => Context.Request.Query;

    public S3Target Target { get; } = target;

    /// <summary>The bucket; only for bucket and object operations.</summary>
    public string Bucket => Target.Bucket ?? throw new InvalidOperationException("the request names no bucket");

    public string Key => Target.Key;

    public IObjectStore Store { get; } = store;

    /// <summary>The tenant the request acts for: <see cref="Kumo.Abstractions.Functions.Tenants.Default"/> in single-user mode.</summary>
    public string Tenant { get; } = tenant;

    /// <summary>The region the request was sent to: the host's or signature's, else Kumo's own.</summary>
    public string Region { get; } = region;

    public TimeProvider Time { get; } = time;

    /// <summary>Where a failure goes that the operation answers itself, after its response began.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>The resource as S3's errors name it: <c>/</c>, <c>/bucket</c> or <c>/bucket/key</c>.</summary>
    public string Resource => Target.Resource;

    public Task ErrorAsync(S3Error error) => S3Answers.ErrorAsync(Context, error, Resource);

    public Task XmlAsync(byte[] document, int status = StatusCodes.Status200OK) => S3Answers.XmlAsync(Context, status, document);

    public Task EmptyAsync(int status = StatusCodes.Status200OK) => S3Answers.EmptyAsync(Context, status);

    /// <summary>The bucket when it exists and belongs to the tenant; otherwise answers NoSuchBucket (or AccessDenied) and gives null.</summary>
    public async Task<BucketInfo?> OwnBucketAsync(string? name = null)
    {
        name ??= Bucket;
        var bucket = await Store.GetBucketAsync(name, Aborted);
        if (bucket is null)
        {
            await ErrorAsync(S3Errors.NoSuchBucket(name));
            return null;
        }

        if (bucket.TenantId != Tenant)
        {
            await ErrorAsync(S3Errors.AccessDenied("Access Denied"));
            return null;
        }

        return bucket;
    }

    /// <summary>Who is making this request, kept with the changes it makes for the bucket's event notifications.</summary>
    public ObjectChangeOrigin Origin => new(
        Response.Headers[S3Headers.RequestId].ToString(),
        Context.Connection.RemoteIpAddress?.ToString(),
        Request.Headers.TryGetValue("X-Amzn-Trace-Id", out var trace) ? trace.ToString() : null);

    /// <summary>The key's problem (too long), if any.</summary>
    public S3Error? KeyProblem(string? key = null)
    {
        var size = Encoding.UTF8.GetByteCount(key ?? Key);
        return size > S3Errors.MaxKeyBytes ? S3Errors.KeyTooLong(size) : null;
    }
}

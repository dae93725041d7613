using System.Xml;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>CreateBucket, HeadBucket, DeleteBucket and GetBucketLocation.</summary>
internal static class BucketOperations
{
    private const long ConfigurationLimit = 64 * 1024;

    /// <summary>
    /// CreateBucket (<c>PUT /{bucket}</c>) with an optional <c>CreateBucketConfiguration</c>. The bucket is made in its
    /// <c>LocationConstraint</c>, else in the region the request was sent to (Kumo has one endpoint for every region,
    /// so it does not refuse a request sent to another region's endpoint as S3 does).
    /// </summary>
    public static async Task CreateAsync(S3Call call)
    {
        var name = call.Bucket;
        if (BucketNames.Problem(name) is { } problem)
        {
            await call.ErrorAsync(S3Errors.InvalidBucketName(name, problem));
            return;
        }

        if (ObjectAcl.Problem(call.Request, forBucket: true) is { } aclError)
        {
            await call.ErrorAsync(aclError);
            return;
        }

        if (string.Equals(call.Request.Headers[S3Headers.ObjectLockEnabled], "true", StringComparison.OrdinalIgnoreCase))
        {
            await call.ErrorAsync(S3Errors.NotImplemented("Object Lock (x-amz-bucket-object-lock-enabled) is not supported by Kumo yet."));
            return;
        }

        var body = await RequestBody.ReadAsync(call.Request, ConfigurationLimit, call.Aborted);
        if (body is not { } configuration)
        {
            await call.ErrorAsync(S3Errors.MaxMessageLengthExceeded(ConfigurationLimit));
            return;
        }

        string? constraint;
        try
        {
            constraint = configuration.Length == 0 ? null : ReadLocationConstraint(configuration);
        }
        catch (XmlException)
        {
            await call.ErrorAsync(S3Errors.MalformedXml());
            return;
        }

        if (constraint is not null && (constraint == "us-east-1" || !(constraint == "EU" || RegionNames.IsRegion(constraint))))
        {
            await call.ErrorAsync(new S3Error(StatusCodes.Status400BadRequest, "InvalidLocationConstraint", "The specified location-constraint is not valid")
                .With("LocationConstraint", constraint));
            return;
        }

        var bucket = new BucketInfo(call.Tenant, name, call.Time.GetUtcNow(), constraint ?? call.Region);
        switch (await call.Store.CreateBucketAsync(bucket, call.Aborted))
        {
            case ObjectStoreResult.Done:
                call.Response.Headers.Location = "/" + name;
                await call.EmptyAsync();
                break;
            default:
                var existing = await call.Store.GetBucketAsync(name, call.Aborted);
                await call.ErrorAsync(existing is null || existing.TenantId == call.Tenant
                    ? S3Errors.BucketAlreadyOwnedByYou(name)
                    : S3Errors.BucketAlreadyExists(name));
                break;
        }
    }

    /// <summary>HeadBucket (<c>HEAD /{bucket}</c>): 200 with the bucket's region, or the error's status alone.</summary>
    public static async Task HeadAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is { } bucket)
        {
            call.Response.Headers[S3Headers.BucketRegion] = bucket.Region;
            call.Response.Headers["x-amz-access-point-alias"] = "false";
            await call.EmptyAsync();
        }
    }

    /// <summary>DeleteBucket (<c>DELETE /{bucket}</c>): 204, or BucketNotEmpty while it holds objects.</summary>
    public static async Task DeleteAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        switch (await call.Store.DeleteBucketAsync(call.Bucket, call.Aborted))
        {
            case ObjectStoreResult.Done:
                await call.EmptyAsync(StatusCodes.Status204NoContent);
                break;
            case ObjectStoreResult.NotEmpty:
                await call.ErrorAsync(S3Errors.BucketNotEmpty(call.Bucket));
                break;
            default:
                await call.ErrorAsync(S3Errors.NoSuchBucket(call.Bucket));
                break;
        }
    }

    /// <summary>GetBucketLocation (<c>GET /{bucket}?location</c>): the region, empty for us-east-1 as S3 answers.</summary>
    public static async Task LocationAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is not { } bucket)
        {
            return;
        }

        call.Response.Headers[S3Headers.BucketRegion] = bucket.Region;
        await call.XmlAsync(S3Xml.Document("LocationConstraint", writer =>
        {
            if (bucket.Region != "us-east-1")
            {
                writer.WriteString(bucket.Region);
            }
        }));
    }

    private static string? ReadLocationConstraint(ReadOnlyMemory<byte> configuration)
    {
        using var reader = S3Xml.Reader(configuration);
        reader.MoveToContent();
        if (reader.LocalName != "CreateBucketConfiguration")
        {
            throw new XmlException("not a CreateBucketConfiguration");
        }

        string? constraint = null;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "LocationConstraint" && reader.Depth == 1)
            {
                constraint = reader.ReadElementContentAsString().Trim();
                if (constraint.Length == 0)
                {
                    constraint = null;
                }
            }
        }

        return constraint;
    }
}

using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// S3's subresources (<c>?acl</c>, <c>?versioning</c>, <c>?cors</c> …): which one a request names, and the
/// answers to those Kumo has no feature behind. Reading a configuration Kumo cannot have gets S3's own answer for
/// "none is set" (an empty document, or the 404 S3 gives), which is true and is what tools that look before they
/// leap need; deleting one that cannot exist is a 204, as on S3. Setting one, and the subresources with no such
/// truthful answer, are 501 NotImplemented naming what was asked.
/// </summary>
internal static class Subresources
{
    /// <summary>Every subresource S3 has; a query parameter not named here (<c>x-id</c>, <c>prefix</c> …) is not one.</summary>
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption", "intelligent-tiering", "inventory",
        "legal-hold", "lifecycle", "location", "logging", "metadataConfiguration", "metadataTable", "metrics", "notification",
        "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "renameObject", "replication",
        "requestPayment", "restore", "retention", "select", "session", "tagging", "torrent", "uploads", "versioning",
        "versions", "website",
    };

    // Bucket configurations Kumo never has, with S3's 404 for reading one that is not set.
    private static readonly Dictionary<string, (string Code, string Message)> NotSet = new(StringComparer.Ordinal)
    {
        ["policy"] = ("NoSuchBucketPolicy", "The bucket policy does not exist"),
        ["policyStatus"] = ("NoSuchBucketPolicy", "The bucket policy does not exist"),
        ["tagging"] = ("NoSuchTagSet", "The TagSet does not exist"),
        ["cors"] = ("NoSuchCORSConfiguration", "The CORS configuration does not exist"),
        ["lifecycle"] = ("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"),
        ["encryption"] = ("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found"),
        ["replication"] = ("ReplicationConfigurationNotFoundError", "The replication configuration was not found"),
        ["publicAccessBlock"] = ("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"),
        ["object-lock"] = ("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket"),
    };

    /// <summary>The subresource the request names, or null.</summary>
    public static string? Of(IQueryCollection query) => query.Keys.FirstOrDefault(Names.Contains);

    /// <summary>Answers a bucket subresource request other than <c>?location</c>, <c>?delete</c> and <c>?uploads</c>.</summary>
    public static async Task ServeBucketAsync(S3Call call, string name)
    {
        var method = call.Request.Method;
        var document = HttpMethods.IsGet(method) ? Document(call, name) : null;
        var answerable = document is not null || (NotSet.ContainsKey(name) && (HttpMethods.IsGet(method) || HttpMethods.IsDelete(method)));
        if (!answerable)
        {
            await call.ErrorAsync(Unsupported(method, name));
            return;
        }

        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        if (HttpMethods.IsDelete(method))
        {
            await call.EmptyAsync(StatusCodes.Status204NoContent);
        }
        else if (NotSet.TryGetValue(name, out var notSet))
        {
            await call.ErrorAsync(new S3Error(StatusCodes.Status404NotFound, notSet.Code, notSet.Message).With("BucketName", call.Bucket));
        }
        else
        {
            await call.XmlAsync(document!);
        }
    }

    /// <summary>Answers an object subresource request: GET <c>?acl</c> (the owner's), GET <c>?tagging</c> (no tags), DELETE <c>?tagging</c>; the rest 501.</summary>
    public static async Task ServeObjectAsync(S3Call call, string name)
    {
        var method = call.Request.Method;
        var supported = (HttpMethods.IsGet(method) && name is "acl" or "tagging") || (HttpMethods.IsDelete(method) && name == "tagging");
        if (!supported)
        {
            await call.ErrorAsync(Unsupported(method, name));
            return;
        }

        if (call.KeyProblem() is { } keyProblem)
        {
            await call.ErrorAsync(keyProblem);
            return;
        }

        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        if (await call.Store.HeadAsync(call.Bucket, call.Key, call.Aborted) is null)
        {
            await call.ErrorAsync(S3Errors.NoSuchKey(call.Key));
            return;
        }

        if (HttpMethods.IsDelete(method))
        {
            await call.EmptyAsync(StatusCodes.Status204NoContent);
            return;
        }

        await call.XmlAsync(name == "acl" ? OwnerAcl(call) : S3Xml.Document("Tagging", writer =>
        {
            writer.WriteStartElement("TagSet");
            writer.WriteEndElement();
        }));
    }

    /// <summary>501 for a subresource Kumo does not have.</summary>
    public static S3Error Unsupported(string method, string name) =>
        S3Errors.NotImplemented($"{method} ?{name} is not supported by Kumo yet.").With("Subresource", name);

    private static byte[]? Document(S3Call call, string name) => name switch
    {
        // Versioning has never been enabled: S3 answers with an empty configuration (no Status).
        "versioning" => S3Xml.Document("VersioningConfiguration", _ => { }),
        "acl" => OwnerAcl(call),
        "logging" => S3Xml.Document("BucketLoggingStatus", _ => { }),
        "accelerate" => S3Xml.Document("AccelerateConfiguration", _ => { }),
        "requestPayment" => S3Xml.Document("RequestPaymentConfiguration", writer => writer.Element("Payer", "BucketOwner")),
        "ownershipControls" => S3Xml.Document("OwnershipControls", writer =>
        {
            writer.WriteStartElement("Rule");
            writer.Element("ObjectOwnership", "BucketOwnerEnforced");
            writer.WriteEndElement();
        }),
        _ => null,
    };

    /// <summary>The one ACL Kumo's buckets and objects have: the owner, with FULL_CONTROL.</summary>
    private static byte[] OwnerAcl(S3Call call) => S3Xml.Document("AccessControlPolicy", writer =>
    {
        S3Owner.Write(writer, call.Tenant);
        writer.WriteStartElement("AccessControlList");
        writer.WriteStartElement("Grant");
        writer.WriteStartElement("Grantee");
        writer.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        writer.WriteAttributeString("xsi", "type", "http://www.w3.org/2001/XMLSchema-instance", "CanonicalUser");
        writer.Element("ID", S3Owner.Id(call.Tenant));
        writer.Element("DisplayName", call.Tenant);
        writer.WriteEndElement();
        writer.Element("Permission", "FULL_CONTROL");
        writer.WriteEndElement();
        writer.WriteEndElement();
    });
}

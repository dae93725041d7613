using System.Xml;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.S3;

/// <summary>
/// PutBucketNotificationConfiguration and GetBucketNotificationConfiguration (<c>PUT</c>/<c>GET /{bucket}?notification</c>):
/// functions to invoke when objects are created or removed. The configuration is kept as the bucket's
/// <see cref="BucketSettings.Notification"/> setting; while it is set, the store records the bucket's changes and the
/// notification relay turns them into asynchronous invocations.
/// </summary>
internal static class NotificationOperations
{
    private const long ConfigurationLimit = 256 * 1024;

    /// <summary>The header with which a client asks S3 not to check that the destinations exist.</summary>
    private const string SkipDestinationValidation = "x-amz-skip-destination-validation";

    public static async Task PutAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        if (await RequestBody.ReadAsync(call.Request, ConfigurationLimit, call.Aborted) is not { } body)
        {
            await call.ErrorAsync(S3Errors.MaxMessageLengthExceeded(ConfigurationLimit));
            return;
        }

        if (DocumentDigest.Problem(call, body.Span) is { } digestProblem)
        {
            await call.ErrorAsync(digestProblem);
            return;
        }

        NotificationRequest request;
        try
        {
            request = body.Length > 0 ? NotificationReader.Read(body) : throw new XmlException("no document");
        }
        catch (XmlException)
        {
            await call.ErrorAsync(S3Errors.MalformedXml());
            return;
        }

        if (NotificationRules.Check(request, NotificationRules.NewId, out var notification) is { } problem)
        {
            await call.ErrorAsync(problem);
            return;
        }

        var services = call.Context.RequestServices;
        if (!string.Equals(call.Request.Headers[SkipDestinationValidation], "true", StringComparison.OrdinalIgnoreCase))
        {
            var region = services.GetService<PlatformRegion>() ?? new PlatformRegion(call.Region, "000000000000");
            var functions = services.GetService<IFunctionStore>();
            var problems = await NotificationRules.DestinationProblems(
                notification, region, async name => functions is not null && await functions.GetAsync(call.Tenant, name, call.Aborted) is not null);
            if (problems.Count > 0)
            {
                await call.ErrorAsync(NotificationRules.UnableToValidate(problems));
                return;
            }
        }

        // No configuration: the setting goes, and with it the recording of the bucket's changes.
        var setting = notification.Functions.Count == 0 ? null : notification.ToJson();
        if (await call.Store.SetBucketSettingAsync(call.Bucket, BucketSettings.Notification, setting, call.Aborted) == ObjectStoreResult.NotFound)
        {
            await call.ErrorAsync(S3Errors.NoSuchBucket(call.Bucket));
            return;
        }

        await call.EmptyAsync();
    }

    public static async Task GetAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        var setting = await call.Store.GetBucketSettingAsync(call.Bucket, BucketSettings.Notification, call.Aborted);
        var notification = setting is null ? null : BucketNotification.FromJson(setting);
        await call.XmlAsync(NotificationWriter.Write(notification));
    }
}

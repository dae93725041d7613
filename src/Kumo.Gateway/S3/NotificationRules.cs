using System.Text;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Lambda.Names;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Checks a notification configuration as S3 does, with S3's error codes: every event type known, function ARNs that
/// parse, at most one prefix and one suffix rule per filter, ids unique (made when absent), and no two configurations
/// that could both take one change (overlapping event types with overlapping prefixes and suffixes). Queues, topics
/// and EventBridge are refused: Kumo has none yet, and a destination left out silently would lose events.
/// </summary>
internal static class NotificationRules
{
    /// <summary>S3's event types that Kumo never produces (no restores, replication, lifecycle, tagging or ACL changes).</summary>
    private static readonly HashSet<string> NeverProduced = new(StringComparer.Ordinal)
    {
        "s3:ReducedRedundancyLostObject", "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed",
        "s3:ObjectRestore:Delete", "s3:Replication:*", "s3:Replication:OperationFailedReplication",
        "s3:Replication:OperationNotTracked", "s3:Replication:OperationMissedThreshold",
        "s3:Replication:OperationReplicatedAfterThreshold", "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete",
        "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:LifecycleTransition", "s3:IntelligentTiering",
        "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put",
    };

    private const int MaxIdLength = 255;

    /// <summary>
    /// The configuration to keep, or the error to answer with. <paramref name="newId"/> makes an id for a
    /// configuration that has none. Whether the functions exist is checked afterwards (<see cref="DestinationProblems"/>).
    /// </summary>
    public static S3Error? Check(NotificationRequest request, Func<string> newId, out BucketNotification notification)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(newId);
        notification = new BucketNotification();
        if (request.OtherDestinations.Count > 0)
        {
            return S3Errors.NotImplemented(
                $"Kumo has no queues, topics or EventBridge yet, so it cannot honour {string.Join(" or ", request.OtherDestinations)}: " +
                "a notification configuration may only have CloudFunctionConfiguration elements (LambdaFunctionConfigurations in the " +
                "aws CLI and SDKs), which invoke Kumo's functions. Nothing was changed.");
        }

        var functions = new List<FunctionNotification>();
        foreach (var draft in request.Functions)
        {
            if (CheckOne(draft, newId, out var checkedOne) is { } problem)
            {
                return problem;
            }

            functions.Add(checkedOne!);
        }

        if (functions.GroupBy(f => f.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return S3Errors.InvalidArgument(
                $"Configuration id '{repeated.Key}' is used by more than one configuration; ids must be unique (or left out, and Kumo makes them).",
                "Id", repeated.Key);
        }

        for (var i = 0; i < functions.Count; i++)
        {
            for (var j = i + 1; j < functions.Count; j++)
            {
                if (Overlap(functions[i], functions[j]))
                {
                    return S3Errors.InvalidArgument(
                        "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping " +
                        $"for the same event type (configurations '{functions[i].Id}' and '{functions[j].Id}': one change could match both; " +
                        "give them event types, prefixes or suffixes that do not overlap).",
                        "Event", functions[j].Id);
                }
            }
        }

        notification = new BucketNotification { Functions = functions };
        return null;
    }

    /// <summary>
    /// For each function that cannot be invoked — not Kumo's (another region or account), a version Kumo does not
    /// have, or no such function (<paramref name="exists"/> says, by name) — its ARN and why; empty when all can.
    /// </summary>
    public static async Task<IReadOnlyList<(string Arn, string Reason)>> DestinationProblems(
        BucketNotification notification, PlatformRegion region, Func<string, Task<bool>> exists)
    {
        ArgumentNullException.ThrowIfNull(exists);
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(region);
        var problems = new List<(string, string)>();
        foreach (var arn in notification.Functions.Select(f => f.FunctionArn).Distinct(StringComparer.Ordinal))
        {
            var function = notification.Functions.First(f => f.FunctionArn == arn);
            var parts = arn.Split(':');
            string? reason = null;
            if (parts[3] != region.Region || parts[4] != region.AccountId)
            {
                reason = $"not a function of this Kumo, whose functions are {region.FunctionArn("NAME")}";
            }
            else if (function.Qualifier is not (null or FunctionNameParser.Latest))
            {
                reason = $"Kumo has only the {FunctionNameParser.Latest} version of a function until versions are published; leave the qualifier out";
            }
            else if (!await exists(function.FunctionName))
            {
                reason = $"there is no function '{function.FunctionName}'; create it first (aws lambda create-function) or correct the ARN";
            }

            if (reason is not null)
            {
                problems.Add((arn, reason));
            }
        }

        return problems;
    }

    /// <summary>S3's answer for functions that cannot be invoked, with each one's ARN and reason.</summary>
    public static S3Error UnableToValidate(IReadOnlyList<(string Arn, string Reason)> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var message = new StringBuilder("Unable to validate the following destination configurations");
        var error = new S3Error(StatusCodes.Status400BadRequest, "InvalidArgument", "");
        for (var i = 0; i < problems.Count; i++)
        {
            message.Append(i == 0 ? ": " : "; ").Append(problems[i].Arn).Append(" (").Append(problems[i].Reason).Append(')');
            var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            error = error.With("ArgumentName" + number, problems[i].Arn).With("ArgumentValue" + number, problems[i].Reason);
        }

        return error with { Message = message.Append('.').ToString() };
    }

    /// <summary>A new configuration id, in the form S3 makes them (base64 of a UUID).</summary>
    public static string NewId() => Convert.ToBase64String(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString()));

    /// <summary>One configuration checked, or what is wrong with it in S3's words.</summary>
    private static S3Error? CheckOne(NotificationDraft draft, Func<string> newId, out FunctionNotification? result)
    {
        result = null;
        if (draft.Id is { Length: > MaxIdLength })
        {
            return S3Errors.InvalidArgument($"The configuration id is longer than {MaxIdLength} characters.", "Id", draft.Id);
        }

        var arn = draft.CloudFunction?.Trim();
        if (string.IsNullOrEmpty(arn))
        {
            return Malformed("a CloudFunctionConfiguration needs a CloudFunction (the function's ARN).");
        }

        if (ParseArn(arn) is not { } function)
        {
            return S3Errors.InvalidArgument(
                "The ARN could not be parsed: give the function's ARN, arn:aws:lambda:REGION:ACCOUNT:function:NAME (as aws lambda get-function shows it).",
                "CloudFunction", arn);
        }

        if (draft.Events.Count == 0)
        {
            return Malformed("a CloudFunctionConfiguration needs at least one Event (such as s3:ObjectCreated:*).");
        }

        if (draft.Events.FirstOrDefault(e => !NotificationEventTypes.IsSupported(e)) is { } unsupported)
        {
            return NeverProduced.Contains(unsupported)
                ? S3Errors.NotImplemented(
                    $"Kumo never produces {unsupported} events (it has no restores, replication, lifecycle rules, tagging or ACL changes); " +
                    $"the event types it sends are {string.Join(", ", NotificationEventTypes.Supported)}.")
                : S3Errors.InvalidArgument(
                    $"The event is not supported for notifications: '{unsupported}'. The event types are {string.Join(", ", NotificationEventTypes.Supported)}.",
                    "Event", unsupported);
        }

        string? prefix = null, suffix = null;
        foreach (var (name, value) in draft.FilterRules)
        {
            switch (name.ToLowerInvariant())
            {
                case "prefix" when prefix is null:
                    prefix = value;
                    break;
                case "suffix" when suffix is null:
                    suffix = value;
                    break;
                case "prefix" or "suffix":
                    return S3Errors.InvalidArgument($"Cannot specify more than one {name.ToLowerInvariant()} rule in a filter.", "FilterRule", name);
                default:
                    return S3Errors.InvalidArgument("filter rule name must be either prefix or suffix", "FilterRule", name);
            }
        }

        result = new FunctionNotification
        {
            Id = string.IsNullOrEmpty(draft.Id) ? newId() : draft.Id,
            FunctionArn = arn,
            FunctionName = function.Name,
            Qualifier = function.Qualifier,
            Events = [.. draft.Events.Distinct(StringComparer.Ordinal)],
            Prefix = prefix,
            Suffix = suffix,
        };
        return null;
    }

    private static S3Error Malformed(string why) =>
        S3Errors.MalformedXml() with { Message = S3Errors.MalformedXml().Message + ": " + why };

    /// <summary>The function a Lambda function ARN names (its region and account are checked later), or null when it is not one.</summary>
    private static FunctionReference? ParseArn(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length is not (7 or 8) || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function")
        {
            return null;
        }

        // The ARN's own region and account: here only its form is checked.
        return FunctionNameParser.TryParse(arn, null, new PlatformRegion(parts[3], parts[4]), out var reference, out _) ? reference : null;
    }

    private static bool Overlap(FunctionNotification first, FunctionNotification second) =>
        first.Events.Any(a => second.Events.Any(b => NotificationEventTypes.Overlap(a, b)))
        && Overlaps(first.Prefix, second.Prefix, (x, y) => x.StartsWith(y, StringComparison.Ordinal))
        && Overlaps(first.Suffix, second.Suffix, (x, y) => x.EndsWith(y, StringComparison.Ordinal));

    /// <summary>Two filters overlap when a key can pass both: either is absent, or one contains the other at that end.</summary>
    private static bool Overlaps(string? first, string? second, Func<string, string, bool> contains) =>
        first is null || second is null || contains(first, second) || contains(second, first);
}

namespace Kumo.Abstractions.Objects;

/// <summary>
/// One <c>CloudFunctionConfiguration</c> of a bucket's notification configuration: which changes (event types and
/// an optional key prefix and suffix) invoke which function, asynchronously.
/// </summary>
public sealed record FunctionNotification
{
    /// <summary>The configuration's id (given, or made when absent); S3 sends it as <c>s3.configurationId</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The function's ARN as given (<c>arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]</c>).</summary>
    public required string FunctionArn { get; init; }

    /// <summary>The function's name, read from <see cref="FunctionArn"/>.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version the ARN names (<c>$LATEST</c>), or null for an unqualified ARN.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The event types, as S3 spells them (<c>s3:ObjectCreated:*</c>); see <see cref="NotificationEventTypes"/>.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>The key's required beginning (S3's <c>prefix</c> filter rule), or null.</summary>
    public string? Prefix { get; init; }

    /// <summary>The key's required ending (S3's <c>suffix</c> filter rule), or null.</summary>
    public string? Suffix { get; init; }

    /// <summary>Whether <paramref name="change"/> invokes the function: one of <see cref="Events"/> covers it and its key passes the filter.</summary>
    public bool Matches(ObjectChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Events.Any(e => NotificationEventTypes.Covers(e, change.EventName))
            && (Prefix is null || change.Key.StartsWith(Prefix, StringComparison.Ordinal))
            && (Suffix is null || change.Key.EndsWith(Suffix, StringComparison.Ordinal));
    }
}

namespace Kumo.Abstractions.Objects;

/// <summary>
/// The event types a bucket's notification configuration may name (<c>s3:ObjectCreated:Put</c>, or a family with
/// <c>*</c>), and how they match the changes the store records (<see cref="ObjectChange.EventName"/>, S3's
/// <c>eventName</c> without <c>s3:</c>).
/// </summary>
public static class NotificationEventTypes
{
    /// <summary>The prefix of a configured event type, which <see cref="ObjectChange.EventName"/> does not carry.</summary>
    public const string Prefix = "s3:";

    /// <summary>
    /// Every event type Kumo accepts, as S3 spells them. <c>s3:ObjectRemoved:DeleteMarkerCreated</c> is accepted, as S3
    /// accepts it for a bucket without versioning, and likewise never fires.
    /// </summary>
    public static IReadOnlyList<string> Supported { get; } =
    [
        "s3:ObjectCreated:*",
        Prefix + ObjectEventNames.Put,
        Prefix + ObjectEventNames.Post,
        Prefix + ObjectEventNames.Copy,
        Prefix + ObjectEventNames.CompleteMultipartUpload,
        "s3:ObjectRemoved:*",
        Prefix + ObjectEventNames.Delete,
        "s3:ObjectRemoved:DeleteMarkerCreated",
    ];

    /// <summary>Whether <paramref name="eventType"/> is one of <see cref="Supported"/> (exactly, as S3 compares them).</summary>
    public static bool IsSupported(string eventType) => Supported.Contains(eventType, StringComparer.Ordinal);

    /// <summary>
    /// Whether the configured <paramref name="eventType"/> (<c>s3:ObjectCreated:*</c>, <c>s3:ObjectCreated:Put</c> …)
    /// covers a change named <paramref name="eventName"/> (<c>ObjectCreated:Put</c>).
    /// </summary>
    public static bool Covers(string eventType, string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(eventName);
        if (!eventType.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var type = eventType.AsSpan(Prefix.Length);
        if (type.EndsWith(":*", StringComparison.Ordinal))
        {
            var family = type[..^1];
            return eventName.AsSpan().StartsWith(family, StringComparison.Ordinal);
        }

        return type.SequenceEqual(eventName);
    }

    /// <summary>Whether two configured event types have a change in common (<c>s3:ObjectCreated:*</c> and <c>s3:ObjectCreated:Put</c> do).</summary>
    public static bool Overlap(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (string.Equals(first, second, StringComparison.Ordinal))
        {
            return true;
        }

        if (!first.StartsWith(Prefix, StringComparison.Ordinal) || !second.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return (first.EndsWith(":*", StringComparison.Ordinal) && Covers(first, second[Prefix.Length..]))
            || (second.EndsWith(":*", StringComparison.Ordinal) && Covers(second, first[Prefix.Length..]));
    }
}

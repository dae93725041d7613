using System.Text.Json;

namespace Kumo.Abstractions.Objects;

/// <summary>
/// A bucket's notification configuration as Kumo keeps it in the bucket's <see cref="BucketSettings.Notification"/>
/// setting (JSON): written by the S3 API's <c>PutBucketNotificationConfiguration</c>, read by the relay that turns
/// the bucket's changes into function invocations. An empty configuration is not kept: the setting is removed.
/// </summary>
public sealed record BucketNotification
{
    /// <summary>The functions to invoke, in the order they were configured.</summary>
    public IReadOnlyList<FunctionNotification> Functions { get; init; } = [];

    /// <summary>The configurations that <paramref name="change"/> invokes.</summary>
    public IEnumerable<FunctionNotification> Matching(ObjectChange change) => Functions.Where(f => f.Matches(change));

    /// <summary>The setting's document.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, NotificationJsonContext.Default.BucketNotification);

    /// <summary>Reads a setting's document; throws <see cref="JsonException"/> when it is not one.</summary>
    public static BucketNotification FromJson(string document) =>
        JsonSerializer.Deserialize(document, NotificationJsonContext.Default.BucketNotification)
        ?? throw new JsonException("the notification setting is null");
}

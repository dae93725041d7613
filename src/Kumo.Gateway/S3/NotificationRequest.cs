namespace Kumo.Gateway.S3;

/// <summary>A <c>NotificationConfiguration</c> document as read: its function configurations, and the other destinations it named.</summary>
/// <param name="Functions">The <c>CloudFunctionConfiguration</c> elements.</param>
/// <param name="OtherDestinations">The names of the <c>QueueConfiguration</c>, <c>TopicConfiguration</c> and <c>EventBridgeConfiguration</c> elements it has, which Kumo cannot serve.</param>
internal sealed record NotificationRequest(IReadOnlyList<NotificationDraft> Functions, IReadOnlyList<string> OtherDestinations);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Objects;

/// <summary>Source-generated JSON for <see cref="BucketNotification"/>, the document kept in a bucket's notification setting.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BucketNotification))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kumo.Gateway.S3;

/// <summary>Source-generated JSON for the website configuration kept as a bucket setting: camelCase names, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebsiteConfiguration))]
internal sealed partial class WebsiteJsonContext : JsonSerializerContext;

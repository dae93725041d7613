using System.Text.Json;
using System.Text.Json.Serialization;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Status;

namespace Kumo.Abstractions;

/// <summary>Source-generated JSON for Kumo's native API shapes, shared by the server and the CLI.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ServerStatus))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(BucketList))]
[JsonSerializable(typeof(EventAccepted))]
[JsonSerializable(typeof(EventList))]
[JsonSerializable(typeof(RedriveRequest))]
[JsonSerializable(typeof(RedriveResult))]
[JsonSerializable(typeof(FunctionList))]
[JsonSerializable(typeof(InvocationList))]
[JsonSerializable(typeof(InvocationDetail))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(RouteList))]
[JsonSerializable(typeof(RouteEntry))]
[JsonSerializable(typeof(RouteRequest))]
[JsonSerializable(typeof(AppList))]
[JsonSerializable(typeof(AppEntry))]
[JsonSerializable(typeof(AppRequest))]
[JsonSerializable(typeof(ApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(ApiKeyList))]
[JsonSerializable(typeof(KeepAliveRequest))]
[JsonSerializable(typeof(KeepAliveEntry))]
public sealed partial class KumoJsonContext : JsonSerializerContext;

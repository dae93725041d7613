using System.Text.Json.Serialization;

namespace Kumo.Storage.Sqlite;

/// <summary>Source-generated JSON for the values the SQLite tables keep as JSON text (environment variables, tags, CORS, apps' settings), and lists
/// of values handed to SQLite's <c>json_each</c>.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Kumo.Abstractions.Http.CorsConfig))]
[JsonSerializable(typeof(Kumo.Abstractions.Http.HttpApp))]
[JsonSerializable(typeof(Kumo.Abstractions.Http.RateLimit))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

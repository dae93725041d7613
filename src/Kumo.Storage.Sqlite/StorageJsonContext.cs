using System.Text.Json.Serialization;

namespace Kumo.Storage.Sqlite;

/// <summary>Source-generated JSON for the values the SQLite tables keep as JSON text (environment variables, tags).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

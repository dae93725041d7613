using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kumo.Server.DataDirectory;

/// <summary>
/// <c>server.json</c> in the data directory: which process serves it and where. Written once the server
/// listens, removed when it stops; a second server reads it to say who holds the directory, and scripts
/// and tests read it to find a server started on a free port (and its HTTPS port, when it has one).
/// </summary>
internal sealed record ServerInfoFile(int ProcessId, string Endpoint, string Version, DateTimeOffset StartedAt, string? HttpsEndpoint = null)
{
    public const string FileName = "server.json";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public void WriteTo(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, ServerInfoJsonContext.Default.ServerInfoFile));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the file, or returns null when it is missing or unreadable (it is only ever a hint).</summary>
    public static ServerInfoFile? TryReadFrom(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(PathIn(dataDirectory)), ServerInfoJsonContext.Default.ServerInfoFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public static void DeleteFrom(string dataDirectory) => File.Delete(PathIn(dataDirectory));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerInfoFile))]
internal sealed partial class ServerInfoJsonContext : JsonSerializerContext;

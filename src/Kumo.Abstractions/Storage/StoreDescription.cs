namespace Kumo.Abstractions.Storage;

/// <summary>What a metadata store runs on.</summary>
/// <param name="Backend">The backend's short name, such as <c>sqlite</c>.</param>
/// <param name="Location">Where the data lives: a file path or a server address (never a password).</param>
/// <param name="SchemaVersion">The newest schema migration applied.</param>
public sealed record StoreDescription(string Backend, string Location, int SchemaVersion);

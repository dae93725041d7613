namespace Kumo.Storage.Sqlite.Objects;

/// <summary>A body written to its file and flushed: its id, how many bytes it has and their MD5 in lowercase hex.</summary>
internal readonly record struct WrittenBlob(string Id, long Size, string Md5);

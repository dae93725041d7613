namespace Kumo.Storage.Sqlite;

/// <summary>Log event ids of the embedded storage; 1000–1999 belong to this assembly.</summary>
internal static class EventIds
{
    public const int MigrationApplied = 1001;
    public const int IncompleteUploadRemoved = 1002;
}

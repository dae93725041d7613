namespace Kumo.Storage.Sqlite;

/// <summary>Log event ids of the embedded storage; 1000–1999 belong to this assembly.</summary>
internal static class EventIds
{
    public const int MigrationApplied = 1001;
    public const int IncompleteUploadRemoved = 1002;
    public const int IncompleteObjectUploadRemoved = 1003;
    public const int OrphanObjectBlobRemoved = 1004;
    public const int ObjectBlobNotRemoved = 1005;
    public const int ObjectStorageCleaned = 1006;
}

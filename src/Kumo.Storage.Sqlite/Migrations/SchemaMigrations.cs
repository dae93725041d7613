namespace Kumo.Storage.Sqlite.Migrations;

/// <summary>
/// The SQLite schema, as the ordered list of steps that build it. Add a step at the end; never change
/// one that has shipped, because data directories out there already ran it.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "platform settings", """
            CREATE TABLE platform_settings (
                key        TEXT PRIMARY KEY NOT NULL,
                value      TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            """),
    ];

    public static int Latest => All[^1].Version;
}

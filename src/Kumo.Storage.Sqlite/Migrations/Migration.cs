namespace Kumo.Storage.Sqlite.Migrations;

/// <summary>One step of the schema; steps are applied in order of <paramref name="Version"/> and never edited once shipped.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

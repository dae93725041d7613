using System.Globalization;

namespace Kumo.Storage.Sqlite;

/// <summary>
/// Times as the tables keep them: ISO-8601 "O" text in UTC. Every value has the same width and offset, so text
/// order is time order and range filters can compare the text.
/// </summary>
internal static class StoredTime
{
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

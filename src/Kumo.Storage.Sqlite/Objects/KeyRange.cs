namespace Kumo.Storage.Sqlite.Objects;

/// <summary>One range scan over a bucket's keys, in UTF-8 byte order.</summary>
/// <param name="From">The lower bound.</param>
/// <param name="FromInclusive">Whether a key equal to <paramref name="From"/> is in the range.</param>
/// <param name="Before">The exclusive upper bound; null for none.</param>
internal sealed record KeyRange(string From, bool FromInclusive, string? Before);

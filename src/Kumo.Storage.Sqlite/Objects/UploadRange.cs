namespace Kumo.Storage.Sqlite.Objects;

/// <summary>One range scan over a bucket's uploads in progress, by key (UTF-8 byte order) then upload id.</summary>
/// <param name="From">The lower bound of the keys.</param>
/// <param name="FromInclusive">Whether uploads of the key <paramref name="From"/> are in the range.</param>
/// <param name="AfterUploadId">With <paramref name="FromInclusive"/>: only the uploads of <paramref name="From"/> after this id; null for all of them.</param>
/// <param name="Before">The exclusive upper bound of the keys; null for none.</param>
internal sealed record UploadRange(string From, bool FromInclusive, string? AfterUploadId, string? Before);

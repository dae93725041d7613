using System.Text;
using Kumo.Abstractions.Objects;
using Kumo.Storage.Sqlite.Objects;
using static Kumo.Storage.Sqlite.Tests.Objects.ObjectStoreTestBed;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>ListObjects over SQLite: prefix, delimiter, after, max-keys and truncation, in UTF-8 byte order.</summary>
public sealed class SqliteObjectStoreListingTests : IAsyncLifetime
{
    private static readonly string[] Tree =
    [
        "photos/2025/a.jpg", "photos/2025/b.jpg", "photos/2026/c.jpg", "photos/2026", "photos/readme", "photosX", "videos/x",
    ];

    private ObjectStoreTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("b");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private Task<ObjectPage> ListAsync(string prefix = "", string? delimiter = null, string? after = null, int maxKeys = 1000) =>
        _bed.Store.ListAsync(new ObjectQuery { Bucket = "b", Prefix = prefix, Delimiter = delimiter, After = after, MaxKeys = maxKeys }, CancellationToken.None);

    private async Task PutAllAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await _bed.PutAsync("b", key, key);
        }
    }

    private static string[] Keys(ObjectPage page) => page.Objects.Select(o => o.Key).ToArray();

    /// <summary>A page as one line: keys | common prefixes | truncated and where the next page starts.</summary>
    private static string Describe(ObjectPage page) =>
        $"{string.Join(",", Keys(page))} | {string.Join(",", page.CommonPrefixes)} | {(page.IsTruncated ? "more after " + page.NextAfter : "end")}";

    [Fact]
    public async Task ListAsync_KeysOfManyScripts_ComeInUtf8ByteOrder()
    {
        string[] keys = ["a", "a/b", "ä", "Z", "é", "😀", "ｚ", "\uFFFD", "a b", "A", "0"];
        await PutAllAsync(keys);

        var page = await ListAsync();

        // UTF-16 ordinal order would put 😀 (a surrogate pair) before ｚ (U+FF5A) and U+FFFD; UTF-8 puts it last.
        Assert.Equal(["0", "A", "Z", "a", "a b", "a/b", "ä", "é", "ｚ", "\uFFFD", "😀"], Keys(page));
        var byBytes = keys.OrderBy(k => Encoding.UTF8.GetBytes(k), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToArray();
        Assert.Equal(byBytes, Keys(page));
        Assert.Equal(byBytes, await WalkAsync(maxKeys: 2));
    }

    [Fact]
    public async Task ListAsync_PrefixAndDelimiter_RollsUpKeysIntoCommonPrefixesCountedOnce()
    {
        await PutAllAsync(Tree);

        var page = await ListAsync(prefix: "photos/", delimiter: "/");

        Assert.Equal("photos/2026,photos/readme | photos/2025/,photos/2026/ | end", Describe(page));
        Assert.Null(page.NextAfter);
    }

    [Fact]
    public async Task ListAsync_DelimiterWithoutPrefix_RollsUpTopLevel()
    {
        await PutAllAsync(Tree);

        var page = await ListAsync(delimiter: "/");

        Assert.Equal("photosX | photos/,videos/ | end", Describe(page));
    }

    [Fact]
    public async Task ListAsync_PrefixOnly_ListsEveryKeyUnderIt()
    {
        await PutAllAsync(Tree);

        Assert.Equal(["photos/2025/a.jpg", "photos/2025/b.jpg", "photos/2026", "photos/2026/c.jpg", "photos/readme"], Keys(await ListAsync(prefix: "photos/")));
        Assert.Empty(Keys(await ListAsync(prefix: "nothing")));
    }

    [Fact]
    public async Task ListAsync_MultiCharacterDelimiter_RollsUpOnTheWholeDelimiter()
    {
        await PutAllAsync(["a--b--c", "a--d", "a-e", "a-"]);

        var page = await ListAsync(delimiter: "--");

        Assert.Equal("a-,a-e | a-- | end", Describe(page));
    }

    [Fact]
    public async Task ListAsync_MaxKeys_CountsKeysAndCommonPrefixesTogetherAndTruncates()
    {
        await PutAllAsync(Tree);

        var first = await ListAsync(delimiter: "/", maxKeys: 2);
        var second = await ListAsync(delimiter: "/", maxKeys: 2, after: first.NextAfter);

        Assert.Equal("photosX | photos/ | more after photosX", Describe(first));
        Assert.Equal(" | videos/ | end", Describe(second));
    }

    [Fact]
    public async Task ListAsync_PageEndsOnACommonPrefix_NextPageSkipsEverythingUnderIt()
    {
        await PutAllAsync(Tree);

        var first = await ListAsync(prefix: "photos/", delimiter: "/", maxKeys: 1);
        var second = await ListAsync(prefix: "photos/", delimiter: "/", maxKeys: 1, after: first.NextAfter);

        Assert.Equal(" | photos/2025/ | more after photos/2025/", Describe(first));
        Assert.Equal("photos/2026 |  | more after photos/2026", Describe(second));
    }

    [Fact]
    public async Task ListAsync_MaxKeysEqualToWhatThereIs_IsNotTruncated()
    {
        await PutAllAsync(["a", "b", "c"]);

        var three = await ListAsync(maxKeys: 3);
        var two = await ListAsync(maxKeys: 2);

        Assert.Equal("a,b,c |  | end", Describe(three));
        Assert.Equal("a,b |  | more after b", Describe(two));
    }

    [Fact]
    public async Task ListAsync_MaxKeysZeroOrAboveTheLimit_IsEmptyOrCappedAt1000()
    {
        await PutAllAsync(["a"]);

        var none = await ListAsync(maxKeys: 0);

        Assert.Equal(" |  | end", Describe(none));
        Assert.Equal(["a"], Keys(await ListAsync(maxKeys: 5000)));
    }

    [Fact]
    public async Task ListAsync_After_IsExclusiveAndComparesWithCommonPrefixes()
    {
        await PutAllAsync(Tree);

        Assert.Equal(["photos/2025/b.jpg"], Keys(await ListAsync(prefix: "photos/2025/", after: "photos/2025/a.jpg")));
        // After lies inside "photos/2025/", which sorts before it: that prefix is not listed again.
        var inside = await ListAsync(prefix: "photos/", delimiter: "/", after: "photos/2025/a.jpg");
        Assert.Equal("photos/2026,photos/readme | photos/2026/ | end", Describe(inside));
        // After before the prefix: everything under the prefix.
        Assert.Equal(5, (await ListAsync(prefix: "photos/", after: "a")).Objects.Count);
        // After past everything.
        Assert.Empty(Keys(await ListAsync(after: "zzz")));
    }

    [Fact]
    public async Task ListAsync_PagesOfOne_WalkTheSameListingAsOnePage()
    {
        await PutAllAsync(Tree);

        var whole = await ListAsync(delimiter: "/");
        var walked = await WalkAsync(maxKeys: 1, delimiter: "/");

        Assert.Equal(whole.CommonPrefixes.Concat(Keys(whole)).Order(StringComparer.Ordinal), walked.Order(StringComparer.Ordinal));
        Assert.Equal(walked.Length, walked.Distinct().Count());
    }

    [Fact]
    public async Task ListAsync_100000KeysUnderOneCommonPrefix_PagesAcrossItInOneStep()
    {
        await _bed.ExecuteAsync("""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
            INSERT INTO objects (bucket, key, blob, size, etag, content_type, headers, metadata, checksums, part_count, last_modified)
            SELECT 'b', printf('logs/%06d', i), printf('%032x', i), 0, '""', 'binary/octet-stream', '{}', '{}', '{}', 0, '2026-01-01T00:00:00.0000000+00:00'
            FROM n;
            """);
        await PutAllAsync(["a", "logs", "z/1"]);

        var whole = await ListAsync(delimiter: "/");
        var first = await ListAsync(delimiter: "/", maxKeys: 3);
        var second = await ListAsync(delimiter: "/", maxKeys: 3, after: first.NextAfter);
        var under = await ListAsync(prefix: "logs/", after: "logs/099997");

        Assert.Equal("a,logs | logs/,z/ | end", Describe(whole));
        Assert.Equal("a,logs | logs/ | more after logs/", Describe(first));
        Assert.Equal(" | z/ | end", Describe(second));
        Assert.Equal(["logs/099998", "logs/099999"], Keys(under));
    }

    [Theory]
    [InlineData(true, "a/")]
    [InlineData(false, "a/")]
    [InlineData(true, null)]
    public async Task ScanSql_AnyRange_SeeksThePrimaryKeyIndex(bool inclusive, string? before)
    {
        await using var connection = await _bed.Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteObjectStore.ScanSql(new KeyRange("a", inclusive, before));
        command.Parameters.AddWithValue("$bucket", "b");
        command.Parameters.AddWithValue("$from", "a");
        command.Parameters.AddWithValue("$before", "a/");
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(3));
            }
        }

        var detail = plan.ToString();
        Assert.Matches(@"SEARCH objects USING INDEX sqlite_autoindex_objects_\d \(bucket=\? AND key>\?", detail);
        Assert.Equal(before is not null, detail.Contains("key<?", StringComparison.Ordinal));
        Assert.DoesNotContain("TEMP B-TREE", detail, StringComparison.Ordinal);
    }

    private async Task<string[]> WalkAsync(int maxKeys, string? delimiter = null)
    {
        var seen = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await ListAsync(delimiter: delimiter, after: after, maxKeys: maxKeys);
            Assert.True(page.Objects.Count + page.CommonPrefixes.Count <= maxKeys);
            seen.AddRange(page.Objects.Select(o => o.Key).Concat(page.CommonPrefixes).Order(Comparer<string>.Create(ObjectKeys.Compare)));
            if (!page.IsTruncated)
            {
                return [.. seen];
            }

            after = page.NextAfter;
        }

        throw new InvalidOperationException("the listing never ended");
    }
}

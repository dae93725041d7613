using System.Runtime.CompilerServices;
using Kumo.Abstractions.Objects;
using Kumo.Storage.Sqlite.Objects;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>The paging logic over a sorted in-memory key list that counts every key a page reads.</summary>
public sealed class ObjectListingTests
{
    private static readonly Comparer<string> Utf8 = Comparer<string>.Create(ObjectKeys.Compare);

    private readonly List<string> _keys;
    private int _read;

    public ObjectListingTests()
    {
        // 100,000 keys under one common prefix, and 50 small folders around it.
        _keys = [.. Enumerable.Range(0, 100_000).Select(i => $"big/{i:D6}")];
        _keys.AddRange(Enumerable.Range(0, 50).SelectMany(i => new[] { $"d{i:D2}/one", $"d{i:D2}/two", $"f{i:D2}" }));
        _keys.Sort(Utf8);
    }

    private Task<ObjectPage> ListAsync(string prefix = "", string? delimiter = null, string? after = null, int maxKeys = 1000)
    {
        _read = 0;
        return ObjectListing.ReadPageAsync(
            new ObjectQuery { Bucket = "b", Prefix = prefix, Delimiter = delimiter, After = after, MaxKeys = maxKeys }, ScanAsync, CancellationToken.None);
    }

    // A seek to the lower bound is free, as an index seek is; every key handed out counts as read.
    private async IAsyncEnumerable<ObjectInfo> ScanAsync(KeyRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var at = _keys.BinarySearch(range.From, Utf8);
        var start = at >= 0 ? (range.FromInclusive ? at : at + 1) : ~at;
        for (var i = start; i < _keys.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (range.Before is { } before && ObjectKeys.Compare(_keys[i], before) >= 0)
            {
                yield break;
            }

            _read++;
            yield return new ObjectInfo { Bucket = "b", Key = _keys[i], Size = 0, ETag = "\"\"", LastModified = DateTimeOffset.UnixEpoch };
            await Task.Yield();
        }
    }

    [Fact]
    public async Task ReadPageAsync_DelimiterOverAHugeCommonPrefix_ReadsOneKeyPerCommonPrefix()
    {
        var page = await ListAsync(delimiter: "/");

        Assert.Equal(51, page.CommonPrefixes.Count);
        Assert.Equal(50, page.Objects.Count);
        Assert.False(page.IsTruncated);
        Assert.True(_read <= 51 + 50, $"read {_read} keys");
    }

    [Fact]
    public async Task ReadPageAsync_PagesOfTen_EachReadsAboutTenKeys()
    {
        var listed = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await ListAsync(delimiter: "/", after: after, maxKeys: 10);
            // Ten entries, one to see that more follow, and one under the common prefix the page starts after.
            Assert.True(_read <= 12, $"page {pages} read {_read} keys");
            listed.AddRange(page.CommonPrefixes.Concat(page.Objects.Select(o => o.Key)));
            after = page.IsTruncated ? page.NextAfter : null;
            pages++;
        }
        while (after is not null);

        Assert.Equal(11, pages);
        Assert.Equal(101, listed.Distinct().Count());
        Assert.Contains("big/", listed);
    }

    [Fact]
    public async Task ReadPageAsync_AfterInsideTheHugePrefix_SkipsItWithoutReadingIt()
    {
        var page = await ListAsync(delimiter: "/", after: "big/000500", maxKeys: 3);

        Assert.Equal(["d00/", "d01/", "d02/"], page.CommonPrefixes);
        Assert.True(page.IsTruncated);
        Assert.True(_read <= 5, $"read {_read} keys");
    }

    [Fact]
    public async Task ReadPageAsync_PrefixWithoutDelimiter_ReadsOnlyThePage()
    {
        var page = await ListAsync(prefix: "big/", after: "big/050000", maxKeys: 100);

        Assert.Equal("big/050001", page.Objects[0].Key);
        Assert.Equal("big/050100", page.NextAfter);
        Assert.Equal(101, _read);
    }
}

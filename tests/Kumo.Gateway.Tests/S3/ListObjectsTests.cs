using System.Net;
using System.Xml.Linq;

namespace Kumo.Gateway.Tests.S3;

/// <summary>ListObjectsV2 and ListObjects: prefixes, delimiters, paging, <c>encoding-type=url</c> and their errors.</summary>
public sealed class ListObjectsTests : S3TestHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
        foreach (var key in new[] { "a.txt", "docs/x.md", "docs/y.md", "img/1.png", "img/2.png", "z.txt" })
        {
            Store.Seed("data", key, [1, 2, 3]);
        }
    }

    private async Task<XElement> ListAsync(string query)
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?" + query);
        return await XmlAsync(response);
    }

    private static List<string?> Keys(XElement result) => [.. result.Elements(S3 + "Contents").Select(c => (string?)c.Element(S3 + "Key"))];

    private static List<string?> Prefixes(XElement result) =>
        [.. result.Elements(S3 + "CommonPrefixes").Select(c => (string?)c.Element(S3 + "Prefix"))];

    [Fact]
    public async Task V2_All_ListsEveryKeyWithItsDescription()
    {
        var result = await ListAsync("list-type=2");

        Assert.Equal(S3 + "ListBucketResult", result.Name);
        Assert.Equal(["a.txt", "docs/x.md", "docs/y.md", "img/1.png", "img/2.png", "z.txt"], Keys(result));
        Assert.Equal("6", (string?)result.Element(S3 + "KeyCount"));
        Assert.Equal("false", (string?)result.Element(S3 + "IsTruncated"));
        Assert.Equal("1000", (string?)result.Element(S3 + "MaxKeys"));
        Assert.Equal("data", (string?)result.Element(S3 + "Name"));
        var first = result.Element(S3 + "Contents")!;
        Assert.Equal("2025-01-02T03:04:05.678Z", (string?)first.Element(S3 + "LastModified"));
        Assert.Equal("\"5289df737df57326fcdd22597afb1fac\"", (string?)first.Element(S3 + "ETag"));
        Assert.Equal("3", (string?)first.Element(S3 + "Size"));
        Assert.Equal("STANDARD", (string?)first.Element(S3 + "StorageClass"));
        Assert.Null(first.Element(S3 + "Owner"));
    }

    [Fact]
    public async Task V2_FetchOwner_AddsOwners()
    {
        var result = await ListAsync("list-type=2&fetch-owner=true");

        Assert.All(result.Elements(S3 + "Contents"), c => Assert.Equal("default", (string?)c.Element(S3 + "Owner")?.Element(S3 + "DisplayName")));
    }

    [Fact]
    public async Task V2_Delimiter_RollsUpCommonPrefixes()
    {
        var result = await ListAsync("list-type=2&delimiter=%2F");

        Assert.Equal(["a.txt", "z.txt"], Keys(result));
        Assert.Equal(["docs/", "img/"], Prefixes(result));
        Assert.Equal("4", (string?)result.Element(S3 + "KeyCount"));
        Assert.Equal("/", (string?)result.Element(S3 + "Delimiter"));
    }

    [Fact]
    public async Task V2_PrefixAndDelimiter_ListsOneLevel()
    {
        var result = await ListAsync("list-type=2&prefix=docs%2F&delimiter=%2F");

        Assert.Equal(["docs/x.md", "docs/y.md"], Keys(result));
        Assert.Empty(Prefixes(result));
        Assert.Equal("docs/", (string?)result.Element(S3 + "Prefix"));
    }

    [Fact]
    public async Task V2_ContinuationTokens_PageThroughEverythingOnce()
    {
        var seen = new List<string?>();
        var query = "list-type=2&delimiter=%2F&max-keys=1";
        for (var page = 0; page < 10; page++)
        {
            var result = await ListAsync(query);
            seen.AddRange(Keys(result));
            seen.AddRange(Prefixes(result));
            if ((string?)result.Element(S3 + "IsTruncated") == "false")
            {
                Assert.Null(result.Element(S3 + "NextContinuationToken"));
                break;
            }

            var token = (string)result.Element(S3 + "NextContinuationToken")!;
            Assert.Equal(token, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(seen[^1]!)));
            query = "list-type=2&delimiter=%2F&max-keys=1&continuation-token=" + Uri.EscapeDataString(token);
            Assert.Equal("1", (string?)result.Element(S3 + "KeyCount"));
        }

        Assert.Equal(["a.txt", "docs/", "img/", "z.txt"], seen);
    }

    [Fact]
    public async Task V2_ContinuationToken_IsEchoed()
    {
        var token = Convert.ToBase64String("docs/x.md"u8.ToArray());

        var result = await ListAsync("list-type=2&continuation-token=" + Uri.EscapeDataString(token));

        Assert.Equal(token, (string?)result.Element(S3 + "ContinuationToken"));
        Assert.Equal(["docs/y.md", "img/1.png", "img/2.png", "z.txt"], Keys(result));
    }

    [Fact]
    public async Task V2_BadContinuationToken_Answers400InvalidArgument()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?list-type=2&continuation-token=%%%");

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task V2_StartAfter_SkipsUpToIt()
    {
        var result = await ListAsync("list-type=2&start-after=img%2F1.png");

        Assert.Equal(["img/2.png", "z.txt"], Keys(result));
        Assert.Equal("img/1.png", (string?)result.Element(S3 + "StartAfter"));
    }

    [Fact]
    public async Task V2_MaxKeysZero_ListsNothing()
    {
        var result = await ListAsync("list-type=2&max-keys=0");

        Assert.Empty(Keys(result));
        Assert.Equal("0", (string?)result.Element(S3 + "KeyCount"));
        Assert.Equal("false", (string?)result.Element(S3 + "IsTruncated"));
    }

    [Theory]
    [InlineData("list-type=2&max-keys=abc")]
    [InlineData("list-type=2&max-keys=-1")]
    [InlineData("list-type=2&encoding-type=base64")]
    [InlineData("list-type=3")]
    public async Task BadParameter_Answers400InvalidArgument(string query)
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?" + query);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task MissingBucket_Answers404NoSuchBucket()
    {
        using var response = await SendAsync(HttpMethod.Get, "/nothere?list-type=2");

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task EncodingTypeUrl_EncodesKeysPrefixesAndDelimiterAsS3Does()
    {
        Store.Seed("data", "sp ace/é+%&<.txt", [1]);

        var result = await ListAsync("list-type=2&encoding-type=url&prefix=sp%20ace%2F&delimiter=%2B&start-after=sp%20ace%2F");

        Assert.Equal("url", (string?)result.Element(S3 + "EncodingType"));
        Assert.Equal("sp%20ace/", (string?)result.Element(S3 + "Prefix"));
        Assert.Equal("%2B", (string?)result.Element(S3 + "Delimiter"));
        Assert.Equal("sp%20ace/", (string?)result.Element(S3 + "StartAfter"));
        Assert.Equal(["sp%20ace/%C3%A9%2B"], Prefixes(result));
        Assert.Equal("sp ace/é+", Uri.UnescapeDataString(Prefixes(result)[0]!));
    }

    [Fact]
    public async Task EncodingTypeUrl_KeysThatXmlCannotCarry_RoundTrip()
    {
        Store.Seed("data", "ctl\u0001key", [1]);

        var result = await ListAsync("list-type=2&encoding-type=url&prefix=ctl");

        Assert.Equal(["ctl%01key"], Keys(result));
    }

    [Fact]
    public async Task KeysThatXmlCannotCarry_WithoutEncoding_StillList()
    {
        Store.Seed("data", "ctl\u0001key", [1]);

        using var response = await SendAsync(HttpMethod.Get, "/data?list-type=2&prefix=ctl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Key>ctl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_Marker_AndNextMarkerWithADelimiter()
    {
        var result = await ListAsync("delimiter=%2F&max-keys=2&marker=a.txt");

        Assert.Null(result.Element(S3 + "KeyCount"));
        Assert.Equal("a.txt", (string?)result.Element(S3 + "Marker"));
        Assert.Equal(["docs/", "img/"], Prefixes(result));
        Assert.Equal("true", (string?)result.Element(S3 + "IsTruncated"));
        Assert.Equal("img/", (string?)result.Element(S3 + "NextMarker"));
        Assert.All(result.Elements(S3 + "Contents"), c => Assert.NotNull(c.Element(S3 + "Owner")));
    }

    [Fact]
    public async Task V1_WithoutDelimiter_HasNoNextMarker()
    {
        var result = await ListAsync("max-keys=2");

        Assert.Equal(["a.txt", "docs/x.md"], Keys(result));
        Assert.Equal("true", (string?)result.Element(S3 + "IsTruncated"));
        Assert.Null(result.Element(S3 + "NextMarker"));
        Assert.NotNull(result.Elements(S3 + "Contents").First().Element(S3 + "Owner"));
    }

    [Fact]
    public async Task ListObjects_WithChecksums_NamesTheirAlgorithms()
    {
        Store.Seed("data", "c.txt", [1], w => w with { Checksums = new Dictionary<string, string> { ["CRC32C"] = "AAAAAA==" } });

        var result = await ListAsync("list-type=2&prefix=c");

        var entry = Assert.Single(result.Elements(S3 + "Contents"));
        Assert.Equal("CRC32C", (string?)entry.Element(S3 + "ChecksumAlgorithm"));
        Assert.Equal("FULL_OBJECT", (string?)entry.Element(S3 + "ChecksumType"));
    }
}

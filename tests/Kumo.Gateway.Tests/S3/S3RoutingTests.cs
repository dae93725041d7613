using System.Net;

namespace Kumo.Gateway.Tests.S3;

/// <summary>Which requests the S3 middleware takes: by host, by a SigV4 scope for s3 or a presigned URL; the rest pass through.</summary>
public sealed class S3RoutingTests : S3TestHost
{
    [Theory]
    [InlineData("s3.localhost")]
    [InlineData("s3.eu-west-1.localhost")]
    [InlineData("S3.LocalHost")]
    public async Task PathStyleHost_ListsBuckets(string host)
    {
        await CreateBucketAsync("photos");

        using var response = await SendAsync(HttpMethod.Get, "/", host: host);

        var result = await XmlAsync(response);
        Assert.Equal("ListAllMyBucketsResult", result.Name.LocalName);
        Assert.Equal("photos", (string?)result.Element(S3 + "Buckets")?.Element(S3 + "Bucket")?.Element(S3 + "Name"));
    }

    [Theory]
    [InlineData("photos.s3.localhost")]
    [InlineData("photos.s3.us-east-1.localhost")]
    public async Task VirtualHostedStyle_TakesTheBucketFromTheHost(string host)
    {
        await CreateBucketAsync("photos");

        using (var put = await SendAsync(HttpMethod.Put, "/cats/tom.jpg", Body("meow"u8.ToArray()), host: host))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal("meow"u8.ToArray(), Store.BytesOf("photos", "cats/tom.jpg"));
        using var list = await SendAsync(HttpMethod.Get, "/?list-type=2", host: host);
        Assert.Equal("cats/tom.jpg", (string?)(await XmlAsync(list)).Element(S3 + "Contents")?.Element(S3 + "Key"));
    }

    [Fact]
    public async Task DottedBucket_VirtualHosted_KeepsTheDots()
    {
        await CreateBucketAsync("my.site.assets");

        using var response = await SendAsync(HttpMethod.Head, "/", host: "my.site.assets.s3.localhost");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SigV4ForS3_OnAnyHost_IsS3()
    {
        await CreateBucketAsync("data");

        using var response = await SendAsync(HttpMethod.Get, "/data?list-type=2", host: null,
            configure: r => r.Headers.TryAddWithoutValidation("Authorization", S3Authorization));

        Assert.Equal("ListBucketResult", (await XmlAsync(response)).Name.LocalName);
        Assert.Null(Header(response, PassedThroughHeader));
    }

    [Fact]
    public async Task SigV4ForS3_ToBucketDotLocalhost_IsVirtualHosted()
    {
        await CreateBucketAsync("photos");
        Store.Seed("photos", "cat.jpg", "meow"u8.ToArray());

        using var response = await SendAsync(HttpMethod.Get, "/cat.jpg", host: "photos.localhost",
            configure: r => r.Headers.TryAddWithoutValidation("Authorization", S3Authorization));

        Assert.Equal("meow", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SigV4aForS3_IsS3()
    {
        await CreateBucketAsync("data");

        using var response = await SendAsync(HttpMethod.Head, "/data", host: null, configure: r => r.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-ECDSA-P256-SHA256 Credential=AKID/20250102/s3/aws4_request, SignedHeaders=host;x-amz-region-set, Signature=3045"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SigV4ForAnotherService_PassesThrough()
    {
        using var response = await SendAsync(HttpMethod.Get, "/2015-03-31/functions/", host: null, configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20250102/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00"));

        Assert.Equal("1", Header(response, PassedThroughHeader));
        Assert.Null(Header(response, "x-amz-request-id"));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("fn1.lambda-url.localhost")]
    [InlineData("shop.api.localhost")]
    [InlineData("s3.example.com")]
    [InlineData("s3x.localhost")]
    public async Task UnsignedRequestOnAnotherHost_PassesThrough(string host)
    {
        using var response = await SendAsync(HttpMethod.Get, "/bucket/key", host: host);

        Assert.Equal("1", Header(response, PassedThroughHeader));
        Assert.Equal("not S3", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("fn1.lambda-url.localhost", "/bucket/key")]
    [InlineData("shop.api.localhost", "/bucket/key")]
    [InlineData(null, "/_kumo/v1/status")]
    public async Task SignedForS3_ToKumosOwnAddresses_PassesThrough(string? host, string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, host: host, configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization", S3Authorization));

        Assert.Equal("1", Header(response, PassedThroughHeader));
        Assert.Null(Header(response, "x-amz-request-id"));
    }

    [Fact]
    public async Task PresignedQueryForS3_IsS3()
    {
        await CreateBucketAsync("data");
        Store.Seed("data", "report.csv", "a,b"u8.ToArray());

        using var response = await SendAsync(HttpMethod.Get, "/data/report.csv?" + PresignedUrlTests.Query("20250102T030000Z", 3600), host: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a,b", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PercentEncodedKey_IsDecodedOnceAndKeepsEverySlash()
    {
        await CreateBucketAsync("data");

        using (var put = await SendAsync(HttpMethod.Put, "/data/a%2Fb//c%20d%2B%25.txt", Body("x"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.NotNull(Store.BytesOf("data", "a/b//c d+%.txt"));
    }

    [Fact]
    public async Task StoreFails_Answers500InternalErrorAsXml()
    {
        await CreateBucketAsync("data");
        Store.ListFailure = new InvalidOperationException("disk on fire");

        using var response = await SendAsync(HttpMethod.Get, "/data?list-type=2");

        var error = await ErrorAsync(response, HttpStatusCode.InternalServerError, "InternalError");
        Assert.DoesNotContain("disk on fire", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAnswer_CarriesRequestIds()
    {
        using var response = await SendAsync(HttpMethod.Get, "/");

        Assert.Matches("^[0-9A-F]{16}$", Header(response, "x-amz-request-id"));
        Assert.False(string.IsNullOrEmpty(Header(response, "x-amz-id-2")));
    }
}

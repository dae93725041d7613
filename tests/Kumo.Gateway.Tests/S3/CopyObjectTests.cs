using System.Net;

namespace Kumo.Gateway.Tests.S3;

/// <summary>CopyObject: the source header's forms, the metadata directive, source conditions and errors.</summary>
public sealed class CopyObjectTests : S3TestHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("src");
        await CreateBucketAsync("dst");
        Store.Seed("src", "dir/a b.txt", "hello"u8.ToArray(), w => w with
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["colour"] = "blue" },
            Checksums = new Dictionary<string, string> { ["CRC32"] = "NhCmhg==" },
        });
    }

    private Task<HttpResponseMessage> CopyAsync(string to, string source, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Put, to, configure: r =>
        {
            r.Headers.TryAddWithoutValidation("x-amz-copy-source", source);
            configure?.Invoke(r);
        });

    [Theory]
    [InlineData("src/dir/a%20b.txt")]
    [InlineData("/src/dir/a%20b.txt")]
    [InlineData("/src/dir%2Fa%20b.txt?versionId=null")]
    [InlineData("src%2Fdir%2Fa%20b.txt")]
    public async Task Copy_DefaultDirective_CopiesBytesAndDescription(string source)
    {
        using var response = await CopyAsync("/dst/copy.txt", source);

        var result = await XmlAsync(response);
        Assert.Equal(S3 + "CopyObjectResult", result.Name);
        var copied = (await Store.HeadAsync("dst", "copy.txt", default))!;
        Assert.Equal(copied.ETag, (string?)result.Element(S3 + "ETag"));
        Assert.Equal("2025-01-02T03:04:05.678Z", (string?)result.Element(S3 + "LastModified"));
        Assert.Equal("NhCmhg==", (string?)result.Element(S3 + "ChecksumCRC32"));
        Assert.Equal("hello"u8.ToArray(), Store.BytesOf("dst", "copy.txt"));
        Assert.Equal(("text/plain", "blue"), (copied.ContentType, copied.Metadata["colour"]));
    }

    [Fact]
    public async Task Copy_Replace_TakesTheRequestsDescription()
    {
        using var response = await CopyAsync("/dst/copy.txt", "src/dir/a%20b.txt", r =>
        {
            r.Headers.Add("x-amz-metadata-directive", "REPLACE");
            r.Headers.Add("x-amz-meta-size", "large");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var copied = (await Store.HeadAsync("dst", "copy.txt", default))!;
        Assert.Equal("binary/octet-stream", copied.ContentType);
        Assert.Equal(["size"], copied.Metadata.Keys);
        Assert.Equal("NhCmhg==", copied.Checksums["CRC32"]);
    }

    [Fact]
    public async Task Copy_ToItselfWithoutReplace_Answers400InvalidRequest()
    {
        using var response = await CopyAsync("/src/dir/a%20b.txt", "src/dir/a%20b.txt");

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task Copy_ToItselfWithReplace_UpdatesTheDescription()
    {
        using var response = await CopyAsync("/src/dir/a%20b.txt", "src/dir/a%20b.txt", r =>
        {
            r.Headers.Add("x-amz-metadata-directive", "REPLACE");
            r.Content = Body([], "text/csv");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", (await Store.HeadAsync("src", "dir/a b.txt", default))!.ContentType);
    }

    [Fact]
    public async Task Copy_MissingSourceKey_Answers404NoSuchKey()
    {
        using var response = await CopyAsync("/dst/copy.txt", "src/nope");

        var error = await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchKey");
        Assert.Equal("nope", (string?)error.Element("Key"));
    }

    [Fact]
    public async Task Copy_MissingSourceBucket_Answers404NoSuchBucket()
    {
        using var response = await CopyAsync("/dst/copy.txt", "gone/a");

        var error = await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
        Assert.Equal("gone", (string?)error.Element("BucketName"));
    }

    [Fact]
    public async Task Copy_MissingDestinationBucket_Answers404NoSuchBucket()
    {
        using var response = await CopyAsync("/gone/copy.txt", "src/dir/a%20b.txt");

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Theory]
    [InlineData("src")]
    [InlineData("src/")]
    [InlineData("")]
    public async Task Copy_SourceWithoutKey_Answers400InvalidArgument(string source)
    {
        using var response = await CopyAsync("/dst/copy.txt", source);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task Copy_UnknownDirective_Answers400InvalidArgument()
    {
        using var response = await CopyAsync("/dst/copy.txt", "src/dir/a%20b.txt", r => r.Headers.Add("x-amz-metadata-directive", "MERGE"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Theory]
    [InlineData("x-amz-copy-source-if-match", "\"nope\"", "x-amz-copy-source-If-Match")]
    [InlineData("x-amz-copy-source-if-none-match", "*", "x-amz-copy-source-If-None-Match")]
    [InlineData("x-amz-copy-source-if-unmodified-since", "Wed, 01 Jan 2025 00:00:00 GMT", "x-amz-copy-source-If-Unmodified-Since")]
    [InlineData("x-amz-copy-source-if-modified-since", "Fri, 03 Jan 2025 00:00:00 GMT", "x-amz-copy-source-If-Modified-Since")]
    public async Task Copy_SourceConditionFails_Answers412AndCopiesNothing(string header, string value, string condition)
    {
        using var response = await CopyAsync("/dst/copy.txt", "src/dir/a%20b.txt", r => r.Headers.TryAddWithoutValidation(header, value));

        var error = await ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(condition, (string?)error.Element("Condition"));
        Assert.Null(Store.BytesOf("dst", "copy.txt"));
    }
}

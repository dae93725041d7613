using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kumo.Gateway.Tests.S3;

/// <summary>PutObject, GetObject, HeadObject and DeleteObject: bodies, headers, metadata and their errors.</summary>
public sealed class ObjectOperationsTests : S3TestHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
    }

    [Fact]
    public async Task PutThenGet_KeepsBytesContentHeadersAndMetadata()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        using (var put = await PutBytesAsync("/data/dir/file.bin", bytes, r =>
        {
            r.Content!.Headers.ContentType = new("application/x-thing");
            r.Content.Headers.ContentEncoding.Add("gzip");
            r.Content.Headers.ContentLanguage.Add("de");
            r.Content.Headers.ContentDisposition = new("attachment") { FileName = "file.bin" };
            r.Content.Headers.TryAddWithoutValidation("Expires", "Thu, 01 Dec 2094 16:00:00 GMT");
            r.Headers.CacheControl = new() { MaxAge = TimeSpan.FromSeconds(60) };
            r.Headers.Add("x-amz-meta-Owner", "ana");
            r.Headers.Add("x-amz-meta-note", "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("grüße")) + "?=");
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"", put.Headers.ETag?.ToString());
        }

        var stored = (await Store.HeadAsync("data", "dir/file.bin", default))!;
        Assert.Equal("grüße", stored.Metadata["note"]);
        Assert.Equal("ana", stored.Metadata["owner"]);

        using var get = await SendAsync(HttpMethod.Get, "/data/dir/file.bin");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/x-thing", get.Content.Headers.ContentType?.ToString());
        Assert.Equal("gzip", Header(get, "Content-Encoding"));
        Assert.Equal("de", Header(get, "Content-Language"));
        Assert.Equal("attachment; filename=file.bin", Header(get, "Content-Disposition"));
        Assert.Equal("Thu, 01 Dec 2094 16:00:00 GMT", Header(get, "Expires"));
        Assert.Equal("max-age=60", Header(get, "Cache-Control"));
        Assert.Equal("ana", Header(get, "x-amz-meta-owner"));
        Assert.Equal("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("grüße")) + "?=", Header(get, "x-amz-meta-note"));
        Assert.Equal("Thu, 02 Jan 2025 03:04:05 GMT", Header(get, "Last-Modified"));
        Assert.Equal("bytes", Header(get, "Accept-Ranges"));
        Assert.Equal(stored.ETag, get.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Put_NoContentType_StoresS3sDefault()
    {
        using var put = await SendAsync(HttpMethod.Put, "/data/a", new ByteArrayContent([1, 2]));

        using var head = await SendAsync(HttpMethod.Head, "/data/a");
        Assert.Equal("binary/octet-stream", head.Content.Headers.ContentType?.ToString());
        Assert.Equal(2, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Put_EmptyBody_StoresAnEmptyObject()
    {
        using var put = await PutBytesAsync("/data/folder/", []);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", put.Headers.ETag?.ToString());
        Assert.Empty(Store.BytesOf("data", "folder/")!);
    }

    [Fact]
    public async Task Put_ContentMd5Matches_Stores()
    {
        var bytes = "hello"u8.ToArray();

        using var put = await PutBytesAsync("/data/a", bytes, r => r.Content!.Headers.ContentMD5 = MD5.HashData(bytes));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task Put_ContentMd5Mismatch_Answers400BadDigestAndStoresNothing()
    {
        using var put = await PutBytesAsync("/data/a", "hello"u8.ToArray(), r => r.Content!.Headers.ContentMD5 = MD5.HashData("other"u8));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "BadDigest");
        Assert.Null(Store.BytesOf("data", "a"));
    }

    [Fact]
    public async Task Put_ContentMd5NotBase64OfSixteenBytes_Answers400InvalidDigest()
    {
        using var put = await PutBytesAsync("/data/a", "hello"u8.ToArray(), r => r.Content!.Headers.TryAddWithoutValidation("Content-MD5", "bm9wZQ=="));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "InvalidDigest");
        Assert.Equal(0, Store.Writes);
    }

    [Fact]
    public async Task Put_ContentSha256Mismatch_Answers400AndStoresNothing()
    {
        using var put = await PutBytesAsync("/data/a", "hello"u8.ToArray(), r =>
            r.Headers.Add("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData("other"u8))));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch");
        Assert.Null(Store.BytesOf("data", "a"));
    }

    [Fact]
    public async Task Put_ContentSha256Matches_Stores()
    {
        using var put = await PutBytesAsync("/data/a", "hello"u8.ToArray(), r =>
            r.Headers.Add("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData("hello"u8))));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task Put_KeyOver1024Bytes_Answers400KeyTooLongError()
    {
        var key = new string('é', 513);

        using var put = await PutBytesAsync("/data/" + Uri.EscapeDataString(key), [1]);

        var error = await ErrorAsync(put, HttpStatusCode.BadRequest, "KeyTooLongError");
        Assert.Equal("1026", (string?)error.Element("Size"));
        Assert.Equal(0, Store.Writes);
    }

    [Fact]
    public async Task Put_MetadataOver2KB_Answers400MetadataTooLarge()
    {
        using var put = await PutBytesAsync("/data/a", [1], r => r.Headers.Add("x-amz-meta-big", new string('x', 2100)));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "MetadataTooLarge");
    }

    [Fact]
    public async Task Put_MissingBucket_Answers404NoSuchBucket()
    {
        using var put = await PutBytesAsync("/nothere/a", [1]);

        await ErrorAsync(put, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task Put_DeclaredOver5GiB_Answers400EntityTooLargeBeforeReading()
    {
        using var put = await PutBytesAsync("/data/big", "0\r\n\r\n"u8.ToArray(), r =>
        {
            r.Headers.Add("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
            r.Headers.Add("x-amz-decoded-content-length", "5368709121");
        });

        var error = await ErrorAsync(put, HttpStatusCode.BadRequest, "EntityTooLarge");
        Assert.Equal("5368709121", (string?)error.Element("ProposedSize"));
        Assert.Equal(0, Store.Writes);
    }

    [Theory]
    [InlineData("x-amz-tagging", "a=b")]
    [InlineData("x-amz-server-side-encryption", "aws:kms")]
    [InlineData("x-amz-server-side-encryption-customer-algorithm", "AES256")]
    [InlineData("x-amz-object-lock-mode", "GOVERNANCE")]
    [InlineData("If-None-Match", "*")]
    public async Task Put_FeatureKumoLacks_Answers501AndStoresNothing(string header, string value)
    {
        using var put = await PutBytesAsync("/data/a", [1], r => r.Headers.TryAddWithoutValidation(header, value));

        await ErrorAsync(put, HttpStatusCode.NotImplemented, "NotImplemented");
        Assert.Equal(0, Store.Writes);
    }

    [Fact]
    public async Task Put_Aes256Encryption_IsAccepted()
    {
        using var put = await PutBytesAsync("/data/a", [1], r => r.Headers.Add("x-amz-server-side-encryption", "AES256"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task Put_PublicReadAcl_Answers400AccessControlListNotSupported()
    {
        using var put = await PutBytesAsync("/data/a", [1], r => r.Headers.Add("x-amz-acl", "public-read"));

        await ErrorAsync(put, HttpStatusCode.BadRequest, "AccessControlListNotSupported");
    }

    [Fact]
    public async Task Put_LargerThanKestrelsDefaultLimit_Streams()
    {
        var bytes = new byte[31 * 1024 * 1024];
        bytes[^1] = 7;

        using var put = await PutBytesAsync("/data/large", bytes);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(bytes.Length, Store.BytesOf("data", "large")!.Length);
    }

    [Fact]
    public async Task Get_MissingKey_Answers404NoSuchKeyNamingIt()
    {
        using var get = await SendAsync(HttpMethod.Get, "/data/nope.txt");

        var error = await ErrorAsync(get, HttpStatusCode.NotFound, "NoSuchKey");
        Assert.Equal("The specified key does not exist.", (string?)error.Element("Message"));
        Assert.Equal("nope.txt", (string?)error.Element("Key"));
        Assert.Equal("/data/nope.txt", (string?)error.Element("Resource"));
    }

    [Fact]
    public async Task Get_MissingBucket_Answers404NoSuchBucket()
    {
        using var get = await SendAsync(HttpMethod.Get, "/nothere/a");

        await ErrorAsync(get, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task Head_MissingKey_Answers404WithoutABody()
    {
        using var head = await SendAsync(HttpMethod.Head, "/data/nope.txt");

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_ResponseOverrides_ReplaceTheHeaders()
    {
        Store.Seed("data", "a.txt", "x"u8.ToArray());

        using var get = await SendAsync(HttpMethod.Get,
            "/data/a.txt?response-content-type=text%2Fcsv&response-content-disposition=attachment%3B%20filename%3D%22r.csv%22" +
            "&response-cache-control=no-cache&response-content-language=fr&response-expires=Wed%2C%2021%20Oct%202037%2007%3A28%3A00%20GMT" +
            "&response-content-encoding=identity");

        Assert.Equal("text/csv", get.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment; filename=\"r.csv\"", Header(get, "Content-Disposition"));
        Assert.Equal("no-cache", Header(get, "Cache-Control"));
        Assert.Equal("fr", Header(get, "Content-Language"));
        Assert.Equal("Wed, 21 Oct 2037 07:28:00 GMT", Header(get, "Expires"));
        Assert.Equal("identity", Header(get, "Content-Encoding"));
    }

    [Fact]
    public async Task Get_VersionIdNull_Serves_OtherVersionId_Answers400()
    {
        Store.Seed("data", "a.txt", "x"u8.ToArray());

        using var nullVersion = await SendAsync(HttpMethod.Get, "/data/a.txt?versionId=null");
        using var other = await SendAsync(HttpMethod.Get, "/data/a.txt?versionId=3HL4kqtJlcpXroDTDmJ");

        Assert.Equal(HttpStatusCode.OK, nullVersion.StatusCode);
        await ErrorAsync(other, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task Get_SdkOperationQuery_IsIgnored()
    {
        Store.Seed("data", "a.txt", "x"u8.ToArray());

        using var get = await SendAsync(HttpMethod.Get, "/data/a.txt?x-id=GetObject");

        Assert.Equal("x", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_NonAsciiMetadata_IsSentAsAnEncodedWord()
    {
        Store.Seed("data", "a.txt", [1], w => w with { Metadata = new Dictionary<string, string> { ["city"] = "Zürich" } });

        using var head = await SendAsync(HttpMethod.Head, "/data/a.txt");

        Assert.Equal("=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Zürich")) + "?=", Header(head, "x-amz-meta-city"));
    }

    [Fact]
    public async Task Delete_Existing_Answers204AndRemovesIt()
    {
        Store.Seed("data", "a.txt", [1]);

        using var delete = await SendAsync(HttpMethod.Delete, "/data/a.txt");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null(Store.BytesOf("data", "a.txt"));
    }

    [Fact]
    public async Task Delete_Missing_Answers204AsS3Does()
    {
        using var delete = await SendAsync(HttpMethod.Delete, "/data/never.txt");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task Delete_MissingBucket_Answers404NoSuchBucket()
    {
        using var delete = await SendAsync(HttpMethod.Delete, "/nothere/a.txt");

        await ErrorAsync(delete, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task PostToAnObject_Answers405MethodNotAllowed()
    {
        using var post = await SendAsync(HttpMethod.Post, "/data/a.txt", new ByteArrayContent([1]));

        await ErrorAsync(post, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }
}

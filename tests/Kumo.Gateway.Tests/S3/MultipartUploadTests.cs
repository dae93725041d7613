using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Kumo.Abstractions.Storage;
using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// Multipart uploads over HTTP as S3 answers them: create, upload and copy parts, list, complete with S3's checks and
/// errors, abort, list uploads, and reading one part of the object made.
/// </summary>
public sealed class MultipartUploadTests : S3TestHost
{
    private const int MiB = 1024 * 1024;

    private static readonly byte[] Big = RandomNumberGenerator.GetBytes(5 * MiB);
    private static readonly byte[] Small = RandomNumberGenerator.GetBytes(1000);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
    }

    internal static string Quoted(string hex) => $"\"{hex}\"";

    internal static string Md5Of(byte[] bytes) => Quoted(Convert.ToHexStringLower(MD5.HashData(bytes)));

    internal static string MultipartETagOf(params byte[][] parts) =>
        Quoted($"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray()))}-{parts.Length}");

    internal static string CompletionXml(params (int Number, string ETag)[] parts) =>
        "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
        string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>")) +
        "</CompleteMultipartUpload>";

    private async Task<string> CreateAsync(string key, Action<HttpRequestMessage>? configure = null)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/data/{key}?uploads", configure: configure);
        var result = await XmlAsync(response);
        Assert.Equal(S3 + "InitiateMultipartUploadResult", result.Name);
        Assert.Equal(("data", key), ((string?)result.Element(S3 + "Bucket"), (string?)result.Element(S3 + "Key")));
        return (string)result.Element(S3 + "UploadId")!;
    }

    private async Task<string> UploadPartAsync(string key, string uploadId, int number, byte[] bytes, Action<HttpRequestMessage>? configure = null)
    {
        using var response = await PutBytesAsync($"/data/{key}?partNumber={number}&uploadId={uploadId}", bytes, configure);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    private Task<HttpResponseMessage> CompleteAsync(string key, string uploadId, string document, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, $"/data/{key}?uploadId={uploadId}", new StringContent(document, Encoding.UTF8, "application/xml"), configure);

    private async Task<XElement> ListPartsAsync(string key, string uploadId, string query = "")
    {
        using var response = await SendAsync(HttpMethod.Get, $"/data/{key}?uploadId={uploadId}{query}");
        return await XmlAsync(response);
    }

    [Fact]
    public async Task CreateUploadComplete_JoinsThePartsWithTheMultipartETagAndTheUploadsHeaders()
    {
        var uploadId = await CreateAsync("dir/big file.bin", r =>
        {
            r.Headers.Add("x-amz-meta-colour", "blue");
            r.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
            r.Content = new ByteArrayContent([]);
            r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp4");
        });
        var first = await UploadPartAsync("dir/big file.bin", uploadId, 1, Big, r => r.Content!.Headers.ContentMD5 = MD5.HashData(Big));
        var second = await UploadPartAsync("dir/big file.bin", uploadId, 2, Small);

        using var completed = await CompleteAsync("dir/big file.bin", uploadId, CompletionXml((1, first), (2, second.Trim('"'))));
        var result = await XmlAsync(completed);
        using var get = await SendAsync(HttpMethod.Get, "/data/dir/big file.bin");

        Assert.Equal(Md5Of(Big), first);
        Assert.Equal(S3 + "CompleteMultipartUploadResult", result.Name);
        Assert.Equal(MultipartETagOf(Big, Small), (string?)result.Element(S3 + "ETag"));
        Assert.Equal("dir/big file.bin", (string?)result.Element(S3 + "Key"));
        Assert.EndsWith("/data/dir/big%20file.bin", (string?)result.Element(S3 + "Location"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(Big.Concat(Small).ToArray(), await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(MultipartETagOf(Big, Small), get.Headers.ETag!.Tag);
        Assert.Equal("video/mp4", get.Content.Headers.ContentType!.MediaType);
        Assert.Equal("blue", Header(get, "x-amz-meta-colour"));
        Assert.Equal("no-cache", Header(get, "Cache-Control"));
        Assert.Equal("2", Header(get, "x-amz-mp-parts-count"));
        Assert.Empty(Store.Uploads());
    }

    [Fact]
    public async Task GetObject_PartNumberOfAMultipartObject_IsThatPartsRange()
    {
        var uploadId = await CreateAsync("parts.bin");
        var first = await UploadPartAsync("parts.bin", uploadId, 1, Big);
        var second = await UploadPartAsync("parts.bin", uploadId, 2, Small);
        using (var completed = await CompleteAsync("parts.bin", uploadId, CompletionXml((1, first), (2, second))))
        {
            await XmlAsync(completed);
        }

        using var part2 = await SendAsync(HttpMethod.Get, "/data/parts.bin?partNumber=2");
        using var head1 = await SendAsync(HttpMethod.Head, "/data/parts.bin?partNumber=1");
        using var part3 = await SendAsync(HttpMethod.Get, "/data/parts.bin?partNumber=3");

        Assert.Equal(HttpStatusCode.PartialContent, part2.StatusCode);
        Assert.Equal(Small, await part2.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes {Big.Length}-{Big.Length + Small.Length - 1}/{Big.Length + Small.Length}", Header(part2, "Content-Range"));
        Assert.Equal(HttpStatusCode.PartialContent, head1.StatusCode);
        Assert.Equal(Big.Length, head1.Content.Headers.ContentLength);
        Assert.Equal("2", Header(head1, "x-amz-mp-parts-count"));
        var error = await ErrorAsync(part3, HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidPartNumber");
        Assert.Equal("2", (string?)error.Element("ActualPartCount"));
    }

    [Fact]
    public async Task GetObject_PartNumberOfAnEmptyLastPart_IsAnEmptyBodyWithThePartCount()
    {
        var uploadId = await CreateAsync("parts.bin");
        var first = await UploadPartAsync("parts.bin", uploadId, 1, Big);
        var empty = await UploadPartAsync("parts.bin", uploadId, 2, []);
        using (var completed = await CompleteAsync("parts.bin", uploadId, CompletionXml((1, first), (2, empty))))
        {
            await XmlAsync(completed);
        }

        using var get = await SendAsync(HttpMethod.Get, "/data/parts.bin?partNumber=2");
        using var head = await SendAsync(HttpMethod.Head, "/data/parts.bin?partNumber=2");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Empty(await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, get.Content.Headers.ContentLength);
        Assert.Equal("2", Header(get, "x-amz-mp-parts-count"));
        Assert.Equal(0, head.Content.Headers.ContentLength);
        Assert.Equal("2", Header(head, "x-amz-mp-parts-count"));
    }

    [Fact]
    public async Task UploadPart_SameNumberAgain_ReplacesTheEarlierPart()
    {
        var uploadId = await CreateAsync("again.bin");
        await UploadPartAsync("again.bin", uploadId, 1, [1, 2, 3]);
        var second = await UploadPartAsync("again.bin", uploadId, 1, [4, 5]);

        var listed = await ListPartsAsync("again.bin", uploadId);

        var part = Assert.Single(listed.Elements(S3 + "Part"));
        Assert.Equal((second, 2L), ((string?)part.Element(S3 + "ETag"), (long)part.Element(S3 + "Size")!));
    }

    [Theory]
    [InlineData("/data/k.bin?partNumber=1&uploadId=nope")]
    [InlineData("/data/other.bin?partNumber=1&uploadId={id}")]
    public async Task UploadPart_NoSuchUploadForThatKey_Is404NoSuchUpload(string path)
    {
        var uploadId = await CreateAsync("k.bin");

        using var response = await PutBytesAsync(path.Replace("{id}", uploadId, StringComparison.Ordinal), [1]);

        var error = await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.False(string.IsNullOrEmpty((string?)error.Element("UploadId")));
        Assert.Equal(0, Store.PartWrites);
    }

    [Fact]
    public async Task UploadPart_RefusedBeforeTheBodyOfAnExpect100Request_ClosesTheConnection()
    {
        // botocore sends Expect: 100-continue and, answered before a 100, never sends the body: the connection cannot
        // carry another request after it.
        using var response = await PutBytesAsync("/data/k.bin?partNumber=1&uploadId=nope", Small, r => r.Headers.ExpectContinue = true);

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.True(response.Headers.ConnectionClose, "the connection was left open");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("one")]
    [InlineData("")]
    public async Task UploadPart_PartNumberOutside1To10000_IsInvalidArgument(string number)
    {
        var uploadId = await CreateAsync("k.bin");

        using var response = await PutBytesAsync($"/data/k.bin?partNumber={number}&uploadId={uploadId}", [1]);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Equal("partNumber", (string?)error.Element("ArgumentName"));
    }

    [Fact]
    public async Task UploadPart_WrongContentMd5_IsBadDigestAndStoresNothing()
    {
        var uploadId = await CreateAsync("k.bin");

        using var response = await PutBytesAsync($"/data/k.bin?partNumber=1&uploadId={uploadId}", Small, r => r.Content!.Headers.ContentMD5 = MD5.HashData([1]));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "BadDigest");
        Assert.Empty((await ListPartsAsync("k.bin", uploadId)).Elements(S3 + "Part"));
    }

    [Fact]
    public async Task Complete_PartsOutOfOrder_IsInvalidPartOrder()
    {
        var uploadId = await CreateAsync("k.bin");
        var one = await UploadPartAsync("k.bin", uploadId, 1, Big);
        var two = await UploadPartAsync("k.bin", uploadId, 2, Small);

        using var descending = await CompleteAsync("k.bin", uploadId, CompletionXml((2, two), (1, one)));
        using var repeated = await CompleteAsync("k.bin", uploadId, CompletionXml((1, one), (1, one)));

        await ErrorAsync(descending, HttpStatusCode.BadRequest, "InvalidPartOrder");
        await ErrorAsync(repeated, HttpStatusCode.BadRequest, "InvalidPartOrder");
        Assert.Single(Store.Uploads());
    }

    [Fact]
    public async Task Complete_PartMissingOrWithAnotherETag_IsInvalidPartNamingIt()
    {
        var uploadId = await CreateAsync("k.bin");
        var one = await UploadPartAsync("k.bin", uploadId, 1, Big);

        using var missing = await CompleteAsync("k.bin", uploadId, CompletionXml((1, one), (3, one)));
        using var wrongETag = await CompleteAsync("k.bin", uploadId, CompletionXml((1, Md5Of(Small))));

        var error = await ErrorAsync(missing, HttpStatusCode.BadRequest, "InvalidPart");
        Assert.Equal("3", (string?)error.Element("PartNumber"));
        Assert.Equal(uploadId, (string?)error.Element("UploadId"));
        await ErrorAsync(wrongETag, HttpStatusCode.BadRequest, "InvalidPart");
        Assert.Null(await Store.HeadAsync("data", "k.bin", CancellationToken.None));
    }

    [Fact]
    public async Task Complete_APartButTheLastUnder5MiB_IsEntityTooSmall()
    {
        var uploadId = await CreateAsync("k.bin");
        var small = await UploadPartAsync("k.bin", uploadId, 1, Small);
        var big = await UploadPartAsync("k.bin", uploadId, 2, Big);

        using var response = await CompleteAsync("k.bin", uploadId, CompletionXml((1, small), (2, big)));

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "EntityTooSmall");
        Assert.Equal(("1", "1000", "5242880"), ((string?)error.Element("PartNumber"), (string?)error.Element("ProposedSize"), (string?)error.Element("MinSizeAllowed")));
        Assert.Null(await Store.HeadAsync("data", "k.bin", CancellationToken.None));
    }

    [Theory]
    [InlineData("not xml")]
    [InlineData("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></CompleteMultipartUpload>")]
    [InlineData("<CompleteMultipartUpload><Part><ETag>x</ETag></Part></CompleteMultipartUpload>")]
    [InlineData("<Delete><Object><Key>k</Key></Object></Delete>")]
    [InlineData("<CompleteMultipartUpload/>")]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>")]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload><Other/>")]
    public async Task Complete_DocumentNotAPartList_IsMalformedXml(string document)
    {
        var uploadId = await CreateAsync("k.bin");

        using var response = await CompleteAsync("k.bin", uploadId, document);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Fact]
    public async Task Complete_MoreThan10000Parts_IsMalformedXml()
    {
        var uploadId = await CreateAsync("k.bin");
        var parts = Enumerable.Range(1, 10_001).Select(n => (n, Md5Of(Small))).ToArray();

        using var response = await CompleteAsync("k.bin", uploadId, CompletionXml(parts));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Fact]
    public async Task Complete_DocumentOver8MiB_IsMaxMessageLengthExceededNamingTheLimit()
    {
        var uploadId = await CreateAsync("k.bin");
        var one = await UploadPartAsync("k.bin", uploadId, 1, Small);
        var document = CompletionXml((1, one)).Replace("</CompleteMultipartUpload>", $"<!--{new string('x', 8 * MiB)}--></CompleteMultipartUpload>", StringComparison.Ordinal);

        using var response = await CompleteAsync("k.bin", uploadId, document);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "MaxMessageLengthExceeded");
        Assert.StartsWith("Your request was too big.", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Contains("8192 KiB", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Single(Store.Uploads());
    }

    [Fact]
    public async Task AbortThenComplete_AbortIs204_AndTheUploadIsGoneForEveryOperation()
    {
        var uploadId = await CreateAsync("k.bin");
        var one = await UploadPartAsync("k.bin", uploadId, 1, Small);

        using var abort = await SendAsync(HttpMethod.Delete, $"/data/k.bin?uploadId={uploadId}");
        using var again = await SendAsync(HttpMethod.Delete, $"/data/k.bin?uploadId={uploadId}");
        using var complete = await CompleteAsync("k.bin", uploadId, CompletionXml((1, one)));
        using var list = await SendAsync(HttpMethod.Get, $"/data/k.bin?uploadId={uploadId}");
        using var part = await PutBytesAsync($"/data/k.bin?partNumber=2&uploadId={uploadId}", [1]);

        Assert.Equal(HttpStatusCode.NoContent, abort.StatusCode);
        await ErrorAsync(again, HttpStatusCode.NotFound, "NoSuchUpload");
        await ErrorAsync(complete, HttpStatusCode.NotFound, "NoSuchUpload");
        await ErrorAsync(list, HttpStatusCode.NotFound, "NoSuchUpload");
        await ErrorAsync(part, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.Null(await Store.HeadAsync("data", "k.bin", CancellationToken.None));
    }

    [Fact]
    public async Task ListParts_MaxPartsAndMarker_PageThroughTheParts()
    {
        var uploadId = await CreateAsync("k.bin");
        foreach (var number in new[] { 3, 1, 2 })
        {
            await UploadPartAsync("k.bin", uploadId, number, [(byte)number]);
        }

        var first = await ListPartsAsync("k.bin", uploadId, "&max-parts=2");
        var rest = await ListPartsAsync("k.bin", uploadId, "&max-parts=2&part-number-marker=" + (string?)first.Element(S3 + "NextPartNumberMarker"));
        using var invalid = await SendAsync(HttpMethod.Get, $"/data/k.bin?uploadId={uploadId}&max-parts=-1");

        Assert.Equal(["1", "2"], first.Elements(S3 + "Part").Select(p => (string?)p.Element(S3 + "PartNumber")));
        Assert.Equal(("true", "2", "2"), ((string?)first.Element(S3 + "IsTruncated"), (string?)first.Element(S3 + "NextPartNumberMarker"), (string?)first.Element(S3 + "MaxParts")));
        Assert.Equal(["3"], rest.Elements(S3 + "Part").Select(p => (string?)p.Element(S3 + "PartNumber")));
        Assert.Equal("false", (string?)rest.Element(S3 + "IsTruncated"));
        Assert.Equal(uploadId, (string?)rest.Element(S3 + "UploadId"));
        Assert.NotNull(rest.Element(S3 + "Initiator")?.Element(S3 + "ID"));
        Assert.Equal("STANDARD", (string?)rest.Element(S3 + "StorageClass"));
        await ErrorAsync(invalid, HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task ListMultipartUploads_NoneInProgress_IsAnEmptyList()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?uploads");

        var result = await XmlAsync(response);
        Assert.Equal(S3 + "ListMultipartUploadsResult", result.Name);
        Assert.Empty(result.Elements(S3 + "Upload"));
        Assert.Equal(("data", "false", "1000"), ((string?)result.Element(S3 + "Bucket"), (string?)result.Element(S3 + "IsTruncated"), (string?)result.Element(S3 + "MaxUploads")));
    }

    [Fact]
    public async Task ListMultipartUploads_ByKeyWithPrefixDelimiterAndPages()
    {
        var a = await CreateAsync("a.bin");
        Clock.Now += TimeSpan.FromSeconds(1);
        var a2 = await CreateAsync("a.bin");
        await CreateAsync("logs/x.bin");
        await CreateAsync("logs/y.bin");
        var z = await CreateAsync("z z.bin");

        using var allResponse = await SendAsync(HttpMethod.Get, "/data?uploads");
        var all = await XmlAsync(allResponse);
        using var delimitedResponse = await SendAsync(HttpMethod.Get, "/data?uploads&delimiter=/&encoding-type=url");
        var delimited = await XmlAsync(delimitedResponse);
        using var firstResponse = await SendAsync(HttpMethod.Get, "/data?uploads&max-uploads=1");
        var first = await XmlAsync(firstResponse);
        var next = $"/data?uploads&max-uploads=2&key-marker={(string?)first.Element(S3 + "NextKeyMarker")}&upload-id-marker={(string?)first.Element(S3 + "NextUploadIdMarker")}";
        using var secondResponse = await SendAsync(HttpMethod.Get, next);
        var second = await XmlAsync(secondResponse);

        Assert.Equal(["a.bin", "a.bin", "logs/x.bin", "logs/y.bin", "z z.bin"], all.Elements(S3 + "Upload").Select(u => (string?)u.Element(S3 + "Key")));
        Assert.Equal([a, a2], all.Elements(S3 + "Upload").Take(2).Select(u => (string?)u.Element(S3 + "UploadId")));
        Assert.Equal("2025-01-02T03:04:05.678Z", (string?)all.Element(S3 + "Upload")!.Element(S3 + "Initiated"));
        Assert.Equal(["a.bin", "a.bin", "z%20z.bin"], delimited.Elements(S3 + "Upload").Select(u => (string?)u.Element(S3 + "Key")));
        Assert.Equal(["logs/"], delimited.Elements(S3 + "CommonPrefixes").Select(p => (string?)p.Element(S3 + "Prefix")));
        Assert.Equal(("true", "a.bin", a), ((string?)first.Element(S3 + "IsTruncated"), (string?)first.Element(S3 + "NextKeyMarker"), (string?)first.Element(S3 + "NextUploadIdMarker")));
        Assert.Equal(a2, (string?)second.Element(S3 + "Upload")!.Element(S3 + "UploadId"));
        Assert.Equal(["a.bin", "logs/x.bin"], second.Elements(S3 + "Upload").Select(u => (string?)u.Element(S3 + "Key")));
        Assert.DoesNotContain(z, second.Elements(S3 + "Upload").Select(u => (string?)u.Element(S3 + "UploadId")));
    }

    [Fact]
    public async Task UploadPartCopy_WholeObjectAndARange_BecomePartsWithCopyPartResult()
    {
        var source = RandomNumberGenerator.GetBytes(6 * MiB);
        Store.Seed("data", "source.bin", source);
        var uploadId = await CreateAsync("copy.bin");

        using var whole = await SendAsync(HttpMethod.Put, $"/data/copy.bin?partNumber=1&uploadId={uploadId}", configure: r => r.Headers.Add("x-amz-copy-source", "data/source.bin"));
        var wholeResult = await XmlAsync(whole);
        using var ranged = await SendAsync(HttpMethod.Put, $"/data/copy.bin?partNumber=2&uploadId={uploadId}", configure: r =>
        {
            r.Headers.Add("x-amz-copy-source", "/data/source.bin");
            r.Headers.Add("x-amz-copy-source-range", "bytes=100-1099");
        });
        var rangedResult = await XmlAsync(ranged);
        using var completed = await CompleteAsync("copy.bin", uploadId, CompletionXml(
            (1, (string)wholeResult.Element(S3 + "ETag")!), (2, (string)rangedResult.Element(S3 + "ETag")!)));
        await XmlAsync(completed);

        Assert.Equal(S3 + "CopyPartResult", wholeResult.Name);
        Assert.Equal(Md5Of(source), (string?)wholeResult.Element(S3 + "ETag"));
        Assert.NotNull(wholeResult.Element(S3 + "LastModified"));
        Assert.Equal(Md5Of(source[100..1100]), (string?)rangedResult.Element(S3 + "ETag"));
        Assert.Equal(source.Concat(source[100..1100]).ToArray(), Store.BytesOf("data", "copy.bin"));
    }

    [Theory]
    [InlineData("x-amz-copy-source-range", "bytes=0-6291456", "InvalidArgument", HttpStatusCode.BadRequest)]
    [InlineData("x-amz-copy-source-range", "bytes=10-5", "InvalidArgument", HttpStatusCode.BadRequest)]
    [InlineData("x-amz-copy-source-range", "0-5", "InvalidArgument", HttpStatusCode.BadRequest)]
    [InlineData("x-amz-copy-source-if-match", "\"other\"", "PreconditionFailed", HttpStatusCode.PreconditionFailed)]
    [InlineData("x-amz-copy-source-if-unmodified-since", "Wed, 01 Jan 2020 00:00:00 GMT", "PreconditionFailed", HttpStatusCode.PreconditionFailed)]
    public async Task UploadPartCopy_RangeOutsideTheSourceOrAConditionThatFails_IsRefused(string header, string value, string code, HttpStatusCode status)
    {
        Store.Seed("data", "source.bin", RandomNumberGenerator.GetBytes(6 * MiB));
        var uploadId = await CreateAsync("copy.bin");

        using var response = await SendAsync(HttpMethod.Put, $"/data/copy.bin?partNumber=1&uploadId={uploadId}", configure: r =>
        {
            r.Headers.Add("x-amz-copy-source", "data/source.bin");
            r.Headers.TryAddWithoutValidation(header, value);
        });

        await ErrorAsync(response, status, code);
        Assert.Equal(0, Store.PartWrites);
    }

    [Fact]
    public async Task UploadPartCopy_MissingSource_IsNoSuchKey()
    {
        var uploadId = await CreateAsync("copy.bin");

        using var response = await SendAsync(HttpMethod.Put, $"/data/copy.bin?partNumber=1&uploadId={uploadId}", configure: r => r.Headers.Add("x-amz-copy-source", "data/none"));

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchKey");
    }

    [Fact]
    public async Task DeleteBucket_WithAnUploadInProgress_DeletesItAndTheUpload()
    {
        await CreateAsync("k.bin");

        using var response = await SendAsync(HttpMethod.Delete, "/data");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(Store.Uploads());
    }

    [Theory]
    [InlineData("POST", "/data?uploads")]
    [InlineData("GET", "/data?uploadId=abc")]
    public async Task MultipartOperationsWithoutAKey_AreInvalidRequest(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task Complete_TakingLongerThanTheAnswerDelay_Is200AtOnceThenSpacesThenTheResult()
    {
        var uploadId = await CreateAsync("slow.bin");
        var one = await UploadPartAsync("slow.bin", uploadId, 1, Small);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.CompletionGate = gate.Task;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/data/slow.bin?uploadId={uploadId}")
        {
            Content = new StringContent(CompletionXml((1, one)), Encoding.UTF8, "application/xml"),
        };
        request.Headers.Host = "s3.localhost";
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var statusBeforeTheEnd = response.StatusCode;
        gate.SetResult();
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, statusBeforeTheEnd);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text, StringComparison.Ordinal);
        var result = XElement.Parse(text.Trim());
        Assert.Equal(S3 + "CompleteMultipartUploadResult", result.Name);
        Assert.Equal(MultipartETagOf(Small), (string?)result.Element(S3 + "ETag"));
    }

    [Fact]
    public async Task Complete_AbortedWhileItTakesLong_Is200WithAnErrorDocument()
    {
        var uploadId = await CreateAsync("slow.bin");
        var one = await UploadPartAsync("slow.bin", uploadId, 1, Small);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.CompletionGate = gate.Task;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/data/slow.bin?uploadId={uploadId}")
        {
            Content = new StringContent(CompletionXml((1, one)), Encoding.UTF8, "application/xml"),
        };
        request.Headers.Host = "s3.localhost";
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(await Store.AbortUploadAsync("data", "slow.bin", uploadId, CancellationToken.None));
        gate.SetResult();
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = XElement.Parse(text.Trim());
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal("NoSuchUpload", (string?)error.Element("Code"));
        Assert.Equal(Header(response, "x-amz-request-id"), (string?)error.Element("RequestId"));
    }

    [Fact]
    public async Task Complete_StoreFailsAtOnce_IsInternalErrorWithTheStoresReason()
    {
        var uploadId = await CreateAsync("k.bin");
        var one = await UploadPartAsync("k.bin", uploadId, 1, Small);
        Store.CompletionFailure = new StorageException("the parts of upload 'u' joined into 3 bytes, but they are 4 bytes");

        using var response = await CompleteAsync("k.bin", uploadId, CompletionXml((1, one)));

        var error = await ErrorAsync(response, HttpStatusCode.InternalServerError, "InternalError");
        Assert.EndsWith("the parts of upload 'u' joined into 3 bytes, but they are 4 bytes", (string?)error.Element("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_StoreFailsAfterThe200Began_IsAnInternalErrorDocumentWithTheStoresReason()
    {
        var uploadId = await CreateAsync("slow.bin");
        var one = await UploadPartAsync("slow.bin", uploadId, 1, Small);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.CompletionGate = gate.Task;
        Store.CompletionFailure = new StorageException("the body of a part of upload 'u' is missing");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/data/slow.bin?uploadId={uploadId}")
        {
            Content = new StringContent(CompletionXml((1, one)), Encoding.UTF8, "application/xml"),
        };
        request.Headers.Host = "s3.localhost";
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        gate.SetResult();
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = XElement.Parse(text.Trim());
        Assert.Equal("InternalError", (string?)error.Element("Code"));
        Assert.EndsWith("the body of a part of upload 'u' is missing", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Equal(Header(response, "x-amz-request-id"), (string?)error.Element("RequestId"));
    }

    [Fact]
    public void CompletionAnswer_WaitsLessThanClientsTimeOut()
    {
        // The aws CLI and boto3 give up on a response after 60 s without a byte.
        Assert.True(CompletionAnswer.AnswerAfter + CompletionAnswer.KeepAliveEvery < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Create_WithTagsOrAnUnknownAcl_IsRefusedAsPutObjectRefusesThem()
    {
        using var tagged = await SendAsync(HttpMethod.Post, "/data/k.bin?uploads", configure: r => r.Headers.Add("x-amz-tagging", "a=b"));
        using var metadata = await SendAsync(HttpMethod.Post, "/data/k.bin?uploads", configure: r => r.Headers.Add("x-amz-meta-big", new string('x', 3000)));

        await ErrorAsync(tagged, HttpStatusCode.NotImplemented, "NotImplemented");
        await ErrorAsync(metadata, HttpStatusCode.BadRequest, "MetadataTooLarge");
        Assert.Empty(Store.Uploads());
    }

    [Fact]
    public async Task Create_NoSuchBucket_IsNoSuchBucket()
    {
        using var response = await SendAsync(HttpMethod.Post, "/none/k.bin?uploads");

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task Complete_ObjectSizeHeaderThatDoesNotMatch_IsInvalidRequest()
    {
        var uploadId = await CreateAsync("k.bin");
        var one = await UploadPartAsync("k.bin", uploadId, 1, Small);

        using var response = await CompleteAsync("k.bin", uploadId, CompletionXml((1, one)), r => r.Headers.Add("x-amz-mp-object-size", "999"));
        using var matching = await CompleteAsync("k.bin", uploadId, CompletionXml((1, one)), r => r.Headers.Add("x-amz-mp-object-size", Small.Length.ToString(CultureInfo.InvariantCulture)));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest");
        await XmlAsync(matching);
    }
}

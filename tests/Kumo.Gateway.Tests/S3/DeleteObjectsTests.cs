using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kumo.Gateway.Tests.S3;

/// <summary>DeleteObjects (<c>POST ?delete</c>): results per key, Quiet mode, digests and malformed documents.</summary>
public sealed class DeleteObjectsTests : S3TestHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
        Store.Seed("data", "a", [1]);
        Store.Seed("data", "b & c", [1]);
    }

    private static string Document(bool quiet, params string[] keys) =>
        $"""<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{string.Concat(keys.Select(k => $"<Object><Key>{System.Security.SecurityElement.Escape(k)}</Key></Object>"))}<Quiet>{(quiet ? "true" : "false")}</Quiet></Delete>""";

    private Task<HttpResponseMessage> DeleteAsync(string xml, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, "/data?delete", new StringContent(xml, Encoding.UTF8, "application/xml"), configure);

    [Fact]
    public async Task Delete_ListsEveryKeyAsDeleted_EvenOnesThatWereNotThere()
    {
        using var response = await DeleteAsync(Document(false, "a", "b & c", "never"));

        var result = await XmlAsync(response);
        Assert.Equal(S3 + "DeleteResult", result.Name);
        Assert.Equal(["a", "b & c", "never"], result.Elements(S3 + "Deleted").Select(d => (string?)d.Element(S3 + "Key")));
        Assert.Null(Store.BytesOf("data", "a"));
        Assert.Null(Store.BytesOf("data", "b & c"));
    }

    [Fact]
    public async Task Delete_Quiet_ListsOnlyErrors()
    {
        using var response = await DeleteAsync(Document(true, "a", new string('k', 1025)));

        var result = await XmlAsync(response);
        Assert.Empty(result.Elements(S3 + "Deleted"));
        var error = Assert.Single(result.Elements(S3 + "Error"));
        Assert.Equal("KeyTooLongError", (string?)error.Element(S3 + "Code"));
        Assert.Null(Store.BytesOf("data", "a"));
    }

    [Fact]
    public async Task Delete_QuietFirst_StillReadsEveryObject()
    {
        using var response = await DeleteAsync("""<Delete><Quiet>false</Quiet><Object><Key>a</Key></Object><Object><VersionId>null</VersionId><Key>b &amp; c</Key></Object></Delete>""");

        var result = await XmlAsync(response);
        Assert.Equal(2, result.Elements(S3 + "Deleted").Count());
        Assert.Null(Store.BytesOf("data", "b & c"));
    }

    [Fact]
    public async Task Delete_ContentMd5Matches_Deletes()
    {
        var xml = Document(false, "a");

        using var response = await DeleteAsync(xml, r => r.Content!.Headers.ContentMD5 = MD5.HashData(Encoding.UTF8.GetBytes(xml)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Delete_ChecksumMismatch_Answers400BadDigestAndDeletesNothing()
    {
        using var response = await DeleteAsync(Document(false, "a"), r => r.Headers.Add("x-amz-checksum-crc32", "AAAAAA=="));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "BadDigest");
        Assert.NotNull(Store.BytesOf("data", "a"));
    }

    [Theory]
    [InlineData("<Delete>")]
    [InlineData("<Delete></Delete>")]
    [InlineData("<Remove><Object><Key>a</Key></Object></Remove>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"a\">]><Delete><Object><Key>&e;</Key></Object></Delete>")]
    public async Task Delete_MalformedDocument_Answers400MalformedXml(string xml)
    {
        using var response = await DeleteAsync(xml);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
        Assert.NotNull(Store.BytesOf("data", "a"));
    }

    [Fact]
    public async Task Delete_MoreThan1000Keys_Answers400MalformedXml()
    {
        using var response = await DeleteAsync(Document(true, [.. Enumerable.Range(0, 1001).Select(i => $"k{i}")]));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }
}

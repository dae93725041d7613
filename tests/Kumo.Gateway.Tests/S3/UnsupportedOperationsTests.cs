using System.Net;

namespace Kumo.Gateway.Tests.S3;

/// <summary>What Kumo answers for S3 features it does not have: 501 naming them, or S3's truthful "none set" answer.</summary>
public sealed class UnsupportedOperationsTests : S3TestHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
        Store.Seed("data", "a.txt", [1]);
    }

    [Theory]
    [InlineData("PUT", "/data?versioning", "versioning")]
    [InlineData("PUT", "/data?acl", "acl")]
    [InlineData("PUT", "/data?policy", "policy")]
    [InlineData("PUT", "/data?cors", "cors")]
    [InlineData("PUT", "/data?tagging", "tagging")]
    [InlineData("PUT", "/data?lifecycle", "lifecycle")]
    [InlineData("GET", "/data?versions", "versions")]
    [InlineData("GET", "/data?inventory", "inventory")]
    [InlineData("GET", "/data?analytics", "analytics")]
    [InlineData("DELETE", "/data?notification", "notification")]
    [InlineData("PUT", "/data/a.txt?tagging", "tagging")]
    [InlineData("PUT", "/data/a.txt?acl", "acl")]
    [InlineData("GET", "/data/a.txt?attributes", "attributes")]
    [InlineData("GET", "/data/a.txt?retention", "retention")]
    [InlineData("POST", "/data/a.txt?restore", "restore")]
    [InlineData("POST", "/data/a.txt?select&select-type=2", "select")]
    public async Task OtherSubresources_Answer501NamingThem(string method, string path, string name)
    {
        using var response = await SendAsync(new HttpMethod(method), path, new ByteArrayContent([]));

        var error = await ErrorAsync(response, HttpStatusCode.NotImplemented, "NotImplemented");
        Assert.Equal(name, (string?)error.Element("Subresource"));
        Assert.Contains($"{method} ?{name}", (string?)error.Element("Message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("policy", "NoSuchBucketPolicy")]
    [InlineData("cors", "NoSuchCORSConfiguration")]
    [InlineData("tagging", "NoSuchTagSet")]
    [InlineData("website", "NoSuchWebsiteConfiguration")]
    [InlineData("lifecycle", "NoSuchLifecycleConfiguration")]
    [InlineData("encryption", "ServerSideEncryptionConfigurationNotFoundError")]
    [InlineData("publicAccessBlock", "NoSuchPublicAccessBlockConfiguration")]
    public async Task GetBucketConfigurationKumoCannotHave_AnswersS3sNotSet404(string name, string code)
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?" + name);

        await ErrorAsync(response, HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task DeleteBucketConfigurationKumoCannotHave_Answers204()
    {
        using var response = await SendAsync(HttpMethod.Delete, "/data?policy");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task GetVersioning_IsAnEmptyConfiguration()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?versioning");

        var result = await XmlAsync(response);
        Assert.Equal(S3 + "VersioningConfiguration", result.Name);
        Assert.Empty(result.Elements());
    }

    [Theory]
    [InlineData("/data?acl")]
    [InlineData("/data/a.txt?acl")]
    public async Task GetAcl_IsTheOwnerWithFullControl(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        var result = await XmlAsync(response);
        Assert.Equal(S3 + "AccessControlPolicy", result.Name);
        var grant = Assert.Single(result.Element(S3 + "AccessControlList")!.Elements(S3 + "Grant"));
        Assert.Equal("FULL_CONTROL", (string?)grant.Element(S3 + "Permission"));
        Assert.Equal((string?)result.Element(S3 + "Owner")?.Element(S3 + "ID"), (string?)grant.Element(S3 + "Grantee")?.Element(S3 + "ID"));
        Assert.Equal("CanonicalUser", (string?)grant.Element(S3 + "Grantee")?.Attribute(System.Xml.Linq.XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance")));
    }

    [Fact]
    public async Task GetObjectTagging_IsAnEmptyTagSet()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/a.txt?tagging");

        var result = await XmlAsync(response);
        Assert.Empty(result.Element(S3 + "TagSet")!.Elements());
    }

    [Fact]
    public async Task GetObjectAcl_MissingObject_Answers404NoSuchKey()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/nope?acl");

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchKey");
    }

    [Fact]
    public async Task GetOwnershipControls_IsBucketOwnerEnforced()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data?ownershipControls");

        Assert.Contains("BucketOwnerEnforced", (await XmlAsync(response)).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StubOnMissingBucket_Answers404NoSuchBucket()
    {
        using var response = await SendAsync(HttpMethod.Get, "/nothere?versioning");

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task BrowserFormPost_Answers501()
    {
        using var response = await SendAsync(HttpMethod.Post, "/data", new ByteArrayContent([1]));

        await ErrorAsync(response, HttpStatusCode.NotImplemented, "NotImplemented");
    }

    [Fact]
    public async Task CorsPreflight_Answers403AsForABucketWithoutCors()
    {
        using var response = await SendAsync(HttpMethod.Options, "/data/a.txt", configure: r =>
        {
            r.Headers.Add("Origin", "http://example.com");
            r.Headers.Add("Access-Control-Request-Method", "GET");
        });

        await ErrorAsync(response, HttpStatusCode.Forbidden, "AccessForbidden");
    }
}

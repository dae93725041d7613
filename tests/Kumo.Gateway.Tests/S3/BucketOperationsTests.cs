using System.Net;
using System.Text;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.Tests.S3;

/// <summary>ListBuckets, CreateBucket, HeadBucket, DeleteBucket and GetBucketLocation.</summary>
public sealed class BucketOperationsTests : S3TestHost
{
    private static StringContent Configuration(string region) =>
        new($"""<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>{region}</LocationConstraint></CreateBucketConfiguration>""",
            Encoding.UTF8, "application/xml");

    [Fact]
    public async Task CreateBucket_NoConfiguration_MakesItInTheRequestsRegionWithLocation()
    {
        using var response = await SendAsync(HttpMethod.Put, "/photos", host: null,
            configure: r => r.Headers.TryAddWithoutValidation("Authorization", S3Authorization));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/photos", response.Headers.Location?.OriginalString);
        var bucket = await Store.GetBucketAsync("photos", default);
        Assert.Equal((Tenants.Default, "eu-west-1", Start), (bucket!.TenantId, bucket.Region, bucket.CreatedAt));
    }

    [Fact]
    public async Task CreateBucket_WithoutRegionAnywhere_UsesKumosRegion()
    {
        await CreateBucketAsync("photos");

        Assert.Equal("us-east-1", (await Store.GetBucketAsync("photos", default))!.Region);
    }

    [Fact]
    public async Task CreateBucket_WithLocationConstraint_MakesItThere()
    {
        using var response = await SendAsync(HttpMethod.Put, "/photos", Configuration("ap-southeast-2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var location = await SendAsync(HttpMethod.Get, "/photos?location");
        var document = await XmlAsync(location);
        Assert.Equal(S3 + "LocationConstraint", document.Name);
        Assert.Equal("ap-southeast-2", document.Value);
    }

    [Fact]
    public async Task GetBucketLocation_UsEast1_IsEmptyAsOnS3()
    {
        await CreateBucketAsync("photos");

        using var response = await SendAsync(HttpMethod.Get, "/photos?location");

        Assert.Equal("", (await XmlAsync(response)).Value);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("moon-base")]
    public async Task CreateBucket_InvalidLocationConstraint_Answers400(string region)
    {
        using var response = await SendAsync(HttpMethod.Put, "/photos", Configuration(region));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidLocationConstraint");
        Assert.Null(await Store.GetBucketAsync("photos", default));
    }

    [Fact]
    public async Task CreateBucket_MalformedConfiguration_Answers400MalformedXml()
    {
        using var response = await SendAsync(HttpMethod.Put, "/photos", new StringContent("<CreateBucketConfiguration>"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Fact]
    public async Task CreateBucket_Twice_Answers409BucketAlreadyOwnedByYou()
    {
        await CreateBucketAsync("photos");

        using var response = await SendAsync(HttpMethod.Put, "/photos");

        var error = await ErrorAsync(response, HttpStatusCode.Conflict, "BucketAlreadyOwnedByYou");
        Assert.Equal("photos", (string?)error.Element("BucketName"));
        Assert.Equal("/photos", (string?)error.Element("Resource"));
    }

    [Fact]
    public async Task CreateBucket_TakenByAnotherTenant_Answers409BucketAlreadyExists()
    {
        await Store.CreateBucketAsync(new BucketInfo("someone-else", "photos", Start, "us-east-1"), default);

        using var response = await SendAsync(HttpMethod.Put, "/photos");

        await ErrorAsync(response, HttpStatusCode.Conflict, "BucketAlreadyExists");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Photos")]
    [InlineData("my_bucket")]
    [InlineData("-photos")]
    [InlineData("photos-")]
    [InlineData("my..bucket")]
    [InlineData("192.168.5.4")]
    [InlineData("xn--photos")]
    [InlineData("photos-s3alias")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890bcd")]
    public async Task CreateBucket_NameBreaksS3Rules_Answers400InvalidBucketName(string name)
    {
        using var response = await SendAsync(HttpMethod.Put, "/" + name);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidBucketName");
        Assert.Equal(name, (string?)error.Element("BucketName"));
        Assert.Null(await Store.GetBucketAsync(name, default));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("my.bucket-2")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890bc")]
    public async Task CreateBucket_NameFollowsS3Rules_IsMade(string name)
    {
        await CreateBucketAsync(name);
    }

    [Fact]
    public async Task CreateBucket_PublicAcl_IsRefusedAsS3DoesWithAclsDisabled()
    {
        using var response = await SendAsync(HttpMethod.Put, "/photos", configure: r => r.Headers.Add("x-amz-acl", "public-read"));

        await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidBucketAclWithObjectOwnership");
    }

    [Fact]
    public async Task CreateBucket_PrivateAcl_IsAccepted()
    {
        using var response = await SendAsync(HttpMethod.Put, "/photos", configure: r => r.Headers.Add("x-amz-acl", "private"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ListBuckets_ListsTheTenantsBucketsByNameWithOwner()
    {
        await CreateBucketAsync("zebra");
        await CreateBucketAsync("apple");
        await Store.CreateBucketAsync(new BucketInfo("someone-else", "theirs", Start, "us-east-1"), default);

        using var response = await SendAsync(HttpMethod.Get, "/");

        var result = await XmlAsync(response);
        var buckets = result.Element(S3 + "Buckets")!.Elements(S3 + "Bucket").ToList();
        Assert.Equal(["apple", "zebra"], buckets.Select(b => (string?)b.Element(S3 + "Name")));
        Assert.Equal("2025-01-02T03:04:05.678Z", (string?)buckets[0].Element(S3 + "CreationDate"));
        Assert.Equal("us-east-1", (string?)buckets[0].Element(S3 + "BucketRegion"));
        Assert.Equal(Tenants.Default, (string?)result.Element(S3 + "Owner")?.Element(S3 + "DisplayName"));
        Assert.Matches("^[0-9a-f]{64}$", (string?)result.Element(S3 + "Owner")?.Element(S3 + "ID"));
    }

    [Fact]
    public async Task ListBuckets_MaxBuckets_PagesWithContinuationToken()
    {
        foreach (var name in new[] { "aaa", "bbb", "ccc" })
        {
            await CreateBucketAsync(name);
        }

        using var first = await SendAsync(HttpMethod.Get, "/?max-buckets=2");
        var page = await XmlAsync(first);
        Assert.Equal(2, page.Element(S3 + "Buckets")!.Elements().Count());
        var token = (string?)page.Element(S3 + "ContinuationToken");

        using var second = await SendAsync(HttpMethod.Get, "/?max-buckets=2&continuation-token=" + Uri.EscapeDataString(token!));
        var rest = await XmlAsync(second);
        Assert.Equal("ccc", (string?)Assert.Single(rest.Element(S3 + "Buckets")!.Elements()).Element(S3 + "Name"));
        Assert.Null(rest.Element(S3 + "ContinuationToken"));
    }

    [Fact]
    public async Task HeadBucket_Exists_Answers200WithItsRegion()
    {
        await CreateBucketAsync("photos");

        using var response = await SendAsync(HttpMethod.Head, "/photos");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("us-east-1", Header(response, "x-amz-bucket-region"));
    }

    [Fact]
    public async Task HeadBucket_Missing_Answers404WithoutABody()
    {
        using var response = await SendAsync(HttpMethod.Head, "/photos");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(Header(response, "x-amz-request-id"));
    }

    [Fact]
    public async Task HeadBucket_AnotherTenants_Answers403()
    {
        await Store.CreateBucketAsync(new BucketInfo("someone-else", "theirs", Start, "us-east-1"), default);

        using var response = await SendAsync(HttpMethod.Head, "/theirs");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task DeleteBucket_Empty_Answers204()
    {
        await CreateBucketAsync("photos");

        using var response = await SendAsync(HttpMethod.Delete, "/photos");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await Store.GetBucketAsync("photos", default));
    }

    [Fact]
    public async Task DeleteBucket_HoldsObjects_Answers409BucketNotEmpty()
    {
        await CreateBucketAsync("photos");
        Store.Seed("photos", "a.jpg", [1]);

        using var response = await SendAsync(HttpMethod.Delete, "/photos");

        await ErrorAsync(response, HttpStatusCode.Conflict, "BucketNotEmpty");
        Assert.NotNull(await Store.GetBucketAsync("photos", default));
    }

    [Fact]
    public async Task DeleteBucket_Missing_Answers404NoSuchBucket()
    {
        using var response = await SendAsync(HttpMethod.Delete, "/photos");

        var error = await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
        Assert.Equal("The specified bucket does not exist", (string?)error.Element("Message"));
        Assert.Equal("photos", (string?)error.Element("BucketName"));
    }

    [Fact]
    public async Task ServiceLevelPut_Answers405MethodNotAllowed()
    {
        using var response = await SendAsync(HttpMethod.Put, "/");

        var error = await ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Equal("PUT", (string?)error.Element("Method"));
    }
}

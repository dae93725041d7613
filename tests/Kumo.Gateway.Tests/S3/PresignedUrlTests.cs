using System.Net;

namespace Kumo.Gateway.Tests.S3;

/// <summary>Presigned URLs: recognised by their query, and refused once <c>X-Amz-Date</c> + <c>X-Amz-Expires</c> has passed.</summary>
public sealed class PresignedUrlTests : S3TestHost
{
    /// <summary>A presigned URL's query, as an SDK makes it (the signature is not checked).</summary>
    public static string Query(string date, long expires) =>
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20250102%2Fus-east-1%2Fs3%2Faws4_request" +
        $"&X-Amz-Date={date}&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef";

    [Fact]
    public async Task Get_WithinItsTime_Serves()
    {
        await CreateBucketAsync("data");
        Store.Seed("data", "a.txt", "hello"u8.ToArray());
        Clock.Now = new DateTimeOffset(2025, 1, 2, 3, 59, 59, TimeSpan.Zero);

        using var response = await SendAsync(HttpMethod.Get, "/data/a.txt?" + Query("20250102T030000Z", 3600), host: null);

        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_AfterExpiry_Answers403RequestHasExpired()
    {
        await CreateBucketAsync("data");
        Store.Seed("data", "a.txt", "hello"u8.ToArray());
        Clock.Now = new DateTimeOffset(2025, 1, 2, 4, 0, 1, TimeSpan.Zero);

        using var response = await SendAsync(HttpMethod.Get, "/data/a.txt?" + Query("20250102T030000Z", 3600), host: null);

        var error = await ErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Equal("Request has expired", (string?)error.Element("Message"));
        Assert.Equal("3600", (string?)error.Element("X-Amz-Expires"));
        Assert.Equal("2025-01-02T04:00:00Z", (string?)error.Element("Expires"));
        Assert.Equal("2025-01-02T04:00:01Z", (string?)error.Element("ServerTime"));
    }

    [Fact]
    public async Task Put_AfterExpiry_StoresNothing()
    {
        await CreateBucketAsync("data");
        Clock.Now = Start.AddDays(1);

        using var response = await SendAsync(HttpMethod.Put, "/data/a.txt?" + Query("20250102T030000Z", 60), Body("x"u8.ToArray()), host: "s3.localhost");

        await ErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Null(Store.BytesOf("data", "a.txt"));
    }

    [Theory]
    [InlineData("20250102T030000Z", "604801", "X-Amz-Expires must be less than a week")]
    [InlineData("20250102T030000Z", "-1", "X-Amz-Expires must be non-negative")]
    [InlineData("2025-01-02", "60", "X-Amz-Date must be in the ISO8601 Long Format")]
    public async Task BadTimeParameters_Answer400AuthorizationQueryParametersError(string date, string expires, string message)
    {
        var query = Query(date, 0).Replace("X-Amz-Expires=0", "X-Amz-Expires=" + expires, StringComparison.Ordinal);

        using var response = await SendAsync(HttpMethod.Get, "/data/a.txt?" + query, host: null);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "AuthorizationQueryParametersError");
        Assert.StartsWith(message, (string?)error.Element("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedFarInTheFuture_Answers403NotValidYet()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/a.txt?" + Query("20250103T030000Z", 60), host: null);

        var error = await ErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Equal("Request is not valid yet", (string?)error.Element("Message"));
    }

    [Fact]
    public async Task SigV2Presigned_WithinItsTime_Serves_AfterIt_Answers403()
    {
        await CreateBucketAsync("data");
        Store.Seed("data", "a.txt", "hello"u8.ToArray());
        var expires = Start.AddMinutes(10).ToUnixTimeSeconds();
        var path = $"/data/a.txt?AWSAccessKeyId=test&Signature=fsEdAJ%2Bp%2BKX%3D&Expires={expires}";

        using (var fresh = await SendAsync(HttpMethod.Get, path, host: null))
        {
            Assert.Equal("hello", await fresh.Content.ReadAsStringAsync());
        }

        Clock.Now = Start.AddMinutes(11);
        using var stale = await SendAsync(HttpMethod.Get, path, host: null);
        var error = await ErrorAsync(stale, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Equal("Request has expired", (string?)error.Element("Message"));
    }

    [Fact]
    public async Task SigV2Header_IsS3()
    {
        await CreateBucketAsync("data");

        using var response = await SendAsync(HttpMethod.Head, "/data", host: null,
            configure: r => r.Headers.TryAddWithoutValidation("Authorization", "AWS test:fsEdAJ+p+KXlyQzQ7+S8u2yLJ1Y="));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task QueryApiWithAction_IsNotS3()
    {
        using var response = await SendAsync(HttpMethod.Get, "/?Action=ListQueues&AWSAccessKeyId=a&Signature=b&Expires=1", host: null);

        Assert.Equal("1", Header(response, PassedThroughHeader));
    }

    [Fact]
    public async Task Head_AfterExpiry_Answers403WithoutABody()
    {
        Clock.Now = Start.AddDays(1);

        using var response = await SendAsync(HttpMethod.Head, "/data/a.txt?" + Query("20250102T030000Z", 60), host: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(Header(response, "x-amz-request-id"));
    }
}

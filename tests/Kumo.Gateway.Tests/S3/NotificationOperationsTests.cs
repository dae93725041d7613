using System.Net;
using System.Text;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.Tests.S3;

/// <summary>PUT and GET <c>?notification</c> over HTTP: kept as the bucket's setting, read back, removed by an empty configuration.</summary>
public sealed class NotificationOperationsTests : S3TestHost
{
    private const string Document = """
        <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <CloudFunctionConfiguration>
            <Id>thumbnails</Id>
            <CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:thumbs</CloudFunction>
            <Event>s3:ObjectCreated:*</Event>
            <Filter><S3Key><FilterRule><Name>prefix</Name><Value>uploads/</Value></FilterRule></S3Key></Filter>
          </CloudFunctionConfiguration>
        </NotificationConfiguration>
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("photos");
    }

    private Task<HttpResponseMessage> PutAsync(string document, bool skipValidation = true, string bucket = "photos") =>
        SendAsync(HttpMethod.Put, $"/{bucket}?notification", new StringContent(document, Encoding.UTF8, "application/xml"), request =>
        {
            if (skipValidation)
            {
                request.Headers.Add("x-amz-skip-destination-validation", "true");
            }
        });

    [Fact]
    public async Task Get_NothingSet_IsAnEmptyConfiguration()
    {
        using var response = await SendAsync(HttpMethod.Get, "/photos?notification");

        var result = await XmlAsync(response);
        Assert.Equal(S3 + "NotificationConfiguration", result.Name);
        Assert.Empty(result.Elements());
    }

    [Fact]
    public async Task Put_ThenGet_KeepsTheConfigurationAsTheBucketsSetting()
    {
        using (var put = await PutAsync(Document))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var setting = await Store.GetBucketSettingAsync("photos", BucketSettings.Notification, CancellationToken.None);
        var kept = Assert.Single(BucketNotification.FromJson(setting!).Functions);
        Assert.Equal(("thumbnails", "thumbs", "uploads/"), (kept.Id, kept.FunctionName, kept.Prefix));

        using var get = await SendAsync(HttpMethod.Get, "/photos?notification");
        var function = Assert.Single((await XmlAsync(get)).Elements(S3 + "CloudFunctionConfiguration"));
        Assert.Equal("thumbnails", (string?)function.Element(S3 + "Id"));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:thumbs", (string?)function.Element(S3 + "CloudFunction"));
        Assert.Equal(["s3:ObjectCreated:*"], function.Elements(S3 + "Event").Select(e => e.Value));
        var rule = function.Element(S3 + "Filter")!.Element(S3 + "S3Key")!.Element(S3 + "FilterRule")!;
        Assert.Equal(("Prefix", "uploads/"), ((string?)rule.Element(S3 + "Name"), (string?)rule.Element(S3 + "Value")));
    }

    [Fact]
    public async Task Put_EmptyConfiguration_RemovesTheSetting()
    {
        (await PutAsync(Document)).Dispose();

        using var response = await PutAsync("""<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await Store.GetBucketSettingAsync("photos", BucketSettings.Notification, CancellationToken.None));
    }

    [Fact]
    public async Task Put_FunctionThatDoesNotExist_IsRefusedAndNothingIsKept()
    {
        using var response = await PutAsync(Document, skipValidation: false);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.StartsWith("Unable to validate the following destination configurations", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:thumbs", (string?)error.Element("ArgumentName1"));
        Assert.Null(await Store.GetBucketSettingAsync("photos", BucketSettings.Notification, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<NotificationConfiguration><Unknown/></NotificationConfiguration>")]
    public async Task Put_MalformedDocument_IsMalformedXml(string document)
    {
        using var response = await PutAsync(document);

        await ErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Fact]
    public async Task Put_DocumentOver256KiB_IsMaxMessageLengthExceededNamingTheLimit()
    {
        using var response = await PutAsync(Document.Replace("<Id>thumbnails</Id>", $"<!--{new string('x', 256 * 1024)}--><Id>thumbnails</Id>", StringComparison.Ordinal));

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "MaxMessageLengthExceeded");
        Assert.StartsWith("Your request was too big.", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Contains("256 KiB", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Null(await Store.GetBucketSettingAsync("photos", BucketSettings.Notification, CancellationToken.None));
    }

    [Fact]
    public async Task Put_QueueConfiguration_Is501AndNothingIsKept()
    {
        using var response = await PutAsync(
            """<NotificationConfiguration><QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue><Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>""");

        await ErrorAsync(response, HttpStatusCode.NotImplemented, "NotImplemented");
        Assert.Null(await Store.GetBucketSettingAsync("photos", BucketSettings.Notification, CancellationToken.None));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("GET")]
    public async Task NoSuchBucket_IsNoSuchBucket(string method)
    {
        using var response = method == "PUT"
            ? await PutAsync(Document, bucket: "missing")
            : await SendAsync(HttpMethod.Get, "/missing?notification");

        await ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchBucket");
    }
}

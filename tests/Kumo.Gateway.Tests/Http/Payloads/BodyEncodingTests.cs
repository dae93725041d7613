using Kumo.Gateway.Http.Payloads;

namespace Kumo.Gateway.Tests.Http.Payloads;

public sealed class BodyEncodingTests
{
    [Theory]
    [InlineData("text/plain", true)]
    [InlineData("TEXT/HTML; charset=iso-8859-1", true)]
    [InlineData("application/json", true)]
    [InlineData("application/vnd.api+json; charset=utf-8", true)]
    [InlineData("application/atom+xml", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData(null, true)]
    [InlineData("application/octet-stream", false)]
    [InlineData("image/png", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("application/jsonp", false)]
    public void IsTextType_ContentType_TextOnlyForTextTypes(string? contentType, bool expected)
    {
        Assert.Equal(expected, BodyEncoding.IsTextType(contentType));
    }
}

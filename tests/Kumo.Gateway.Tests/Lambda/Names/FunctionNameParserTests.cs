using Kumo.Gateway.Lambda.Names;

namespace Kumo.Gateway.Tests.Lambda.Names;

public sealed class FunctionNameParserTests
{
    private static readonly Kumo.Abstractions.Functions.PlatformRegion Region = LambdaTestServer.Region;

    [Theory]
    [InlineData("my-function_1", "my-function_1", null)]
    [InlineData("my-function:$LATEST", "my-function", "$LATEST")]
    [InlineData("123456789012:function:my-function", "my-function", null)]
    [InlineData("123456789012:function:my-function:live", "my-function", "live")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-function", "my-function", null)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-function:7", "my-function", "7")]
    public void TryParse_AcceptedForms_ReturnNameAndQualifier(string value, string name, string? qualifier)
    {
        Assert.True(FunctionNameParser.TryParse(value, null, Region, out var reference, out var error), error?.ToString());
        Assert.Equal(new FunctionReference(name, qualifier), reference);
    }

    [Fact]
    public void TryParse_QualifierOnlyInQuery_UsesIt()
    {
        Assert.True(FunctionNameParser.TryParse("my-function", "$LATEST", Region, out var reference, out _));
        Assert.Equal("$LATEST", reference.Qualifier);
    }

    [Fact]
    public void TryParse_QueryQualifierDiffersFromName_InvalidParameter()
    {
        Assert.False(FunctionNameParser.TryParse("my-function:live", "$LATEST", Region, out _, out var error));
        Assert.Equal("InvalidParameterValueException", error.Type);
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:my-function")]
    [InlineData("arn:aws:lambda:us-east-1:999999999999:function:my-function")]
    [InlineData("999999999999:function:my-function")]
    public void TryParse_OtherRegionOrAccount_ResourceNotFound(string value)
    {
        Assert.False(FunctionNameParser.TryParse(value, null, Region, out _, out var error));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("ResourceNotFoundException", error.Type);
        Assert.Equal($"Function not found: {value}", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("my function")]
    [InlineData("my.function")]
    [InlineData("a:b:c")]
    [InlineData("my-function:")]
    [InlineData("my-function:v 1")]
    [InlineData("12345:function:my-function")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:my-layer")]
    [InlineData("arn:aws:s3:us-east-1:123456789012:function:my-function")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-function:1:2")]
    public void TryParse_MalformedName_InvalidParameter(string value)
    {
        Assert.False(FunctionNameParser.TryParse(value, null, Region, out _, out var error));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("InvalidParameterValueException", error.Type);
    }

    [Fact]
    public void TryParse_NameOf65Characters_InvalidParameter()
    {
        Assert.True(FunctionNameParser.TryParse(new string('a', 64), null, Region, out _, out _));
        Assert.False(FunctionNameParser.TryParse(new string('a', 65), null, Region, out _, out var error));
        Assert.Equal("InvalidParameterValueException", error.Type);
    }

    [Fact]
    public void TryParseUnqualified_QualifiedArn_InvalidParameter()
    {
        Assert.False(FunctionNameParser.TryParseUnqualified(LambdaRequests.Arn + "f:live", Region, out _, out var error));
        Assert.Equal("InvalidParameterValueException", error.Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("$LATEST")]
    public void TryParseLatest_LatestOrNone_ReturnsName(string? qualifier)
    {
        Assert.True(FunctionNameParser.TryParseLatest("f", qualifier, Region, out var name, out _));
        Assert.Equal("f", name);
    }

    [Fact]
    public void TryParseLatest_OtherVersion_ResourceNotFoundNamingIt()
    {
        Assert.False(FunctionNameParser.TryParseLatest("f", "3", Region, out _, out var error));
        Assert.Equal("ResourceNotFoundException", error.Type);
        Assert.Equal($"Function not found: {LambdaRequests.Arn}f:3", error.Message);
    }
}

using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>The small parsers of the S3 API: ranges, signatures' scopes, copy sources, bucket names, encoded words, URL encoding, tokens.</summary>
public sealed class S3ParsingTests
{
    [Theory]
    [InlineData("bytes=0-0", 10, 0, 1)]
    [InlineData("BYTES=2-", 10, 2, 8)]
    [InlineData("bytes= 3 - 4 ", 10, 3, 2)]
    [InlineData("bytes=-10", 4, 0, 4)]
    public void ByteRange_Satisfiable(string header, long size, long start, long length)
    {
        Assert.Equal(new ByteRange(start, length), ByteRange.Parse(header, size));
    }

    [Theory]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-1", 0)]
    [InlineData("bytes=5-", 5)]
    public void ByteRange_Unsatisfiable(string header, long size)
    {
        Assert.Equal(ByteRange.Unsatisfiable, ByteRange.Parse(header, size));
    }

    [Theory]
    [InlineData("bytes=")]
    [InlineData("bytes=-")]
    [InlineData("bytes=1-2,3-4")]
    [InlineData("bytes=+1-2")]
    public void ByteRange_Malformed_IsIgnored(string header)
    {
        Assert.Null(ByteRange.Parse(header, 10));
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250102/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00", "s3", "eu-west-1")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250102/us-east-1/lambda/aws4_request,SignedHeaders=host,Signature=00", "lambda", "us-east-1")]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=AKID/20250102/s3/aws4_request, SignedHeaders=host, Signature=00", "s3", null)]
    public void SigV4Scope_FromAuthorization(string header, string service, string? region)
    {
        Assert.Equal(new SigV4Scope(service, region, Presigned: false), SigV4Scope.FromAuthorization(header));
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("AWS AKID:signature")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250102/us-east-1/s3/other")]
    public void SigV4Scope_NotSigV4_IsNull(string header)
    {
        Assert.Null(SigV4Scope.FromAuthorization(header));
    }

    [Theory]
    [InlineData("b/k", "b", "k", null)]
    [InlineData("/b/dir/k%20%2B.txt", "b", "dir/k +.txt", null)]
    [InlineData("b/k?versionId=null", "b", "k", "null")]
    [InlineData("b/k%3Fq", "b", "k?q", null)]
    [InlineData("b%2Fdir%2Fa%20b%2F%C3%BC.bin", "b", "dir/a b/ü.bin", null)]
    [InlineData("%2Fb%2Fk?versionId=null", "b", "k", "null")]
    public void CopySource_Parses(string header, string bucket, string key, string? versionId)
    {
        Assert.Equal(new CopySource(bucket, key, versionId), CopySource.Parse(header));
    }

    [Fact]
    public void MimeWords_DecodeQ_AndEncodeRoundTrip()
    {
        Assert.Equal("caf\u00e9 au lait", MimeWords.Decode("=?utf-8?Q?caf=C3=A9_au_lait?="));
        Assert.Equal("plain", MimeWords.Decode("plain"));
        Assert.Equal("=?UTF-8?X?abc?=", MimeWords.Decode("=?UTF-8?X?abc?="));
        Assert.Equal("日本", MimeWords.Decode(MimeWords.Encode("日本")));
        Assert.Equal("ascii only", MimeWords.Encode("ascii only"));
    }

    [Fact]
    public void UrlEncoding_KeepsUnreservedAndSlash()
    {
        Assert.Equal("a/b-c_d.e~f%20%2B%25%C3%A9%2A", S3UrlEncoding.Encode("a/b-c_d.e~f +%é*"));
    }

    [Fact]
    public void ContinuationToken_RoundTrips_AndRefusesWhatKumoDidNotMake()
    {
        Assert.True(ContinuationToken.TryDecode(ContinuationToken.Encode("dir/ключ"), out var after));
        Assert.Equal("dir/ключ", after);
        Assert.False(ContinuationToken.TryDecode("not base64!", out _));
        Assert.False(ContinuationToken.TryDecode(Convert.ToBase64String([0xFF, 0xFE]), out _));
        Assert.False(ContinuationToken.TryDecode("", out _));
    }

    [Theory]
    [InlineData("s3.localhost", true, null, null)]
    [InlineData("s3.eu-west-1.localhost", true, null, "eu-west-1")]
    [InlineData("b.s3.localhost", true, "b", null)]
    [InlineData("a.b.s3.us-gov-west-1.localhost", true, "a.b", "us-gov-west-1")]
    [InlineData("s3.s3.localhost", true, "s3", null)]
    [InlineData("localhost", false, null, null)]
    [InlineData("b.localhost", false, null, null)]
    [InlineData("s3.example.com", false, null, null)]
    [InlineData("x.api.localhost", false, null, null)]
    public void Matcher_Hosts(string host, bool matches, string? bucket, string? region)
    {
        var matcher = new S3RequestMatcher(new GatewayOptions());

        Assert.Equal(matches, matcher.MatchHost(host, out var foundBucket, out var foundRegion));
        Assert.Equal((bucket, region), (foundBucket, foundRegion));
    }
}

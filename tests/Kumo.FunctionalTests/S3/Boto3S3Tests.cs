using System.Security.Cryptography;
using System.Text.Json;
using Kumo.FunctionalTests.Lambda;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// boto3 (Debian's python3-boto3) against Kumo's S3 API, through <c>s3_boto3.py</c> beside this file: each test runs
/// one scenario of the script and checks the facts it reports.
/// </summary>
public sealed class Boto3S3Tests(S3Server server) : IClassFixture<S3Server>
{
    private static readonly string Script = Path.Combine(ClientTools.RepositoryRoot, "tests", "Kumo.FunctionalTests", "S3", "s3_boto3.py");

    [Fact]
    public async Task Objects_PutGetWithMetadataAndChecksums_RangeCopyDeletePresign()
    {
        var report = await RunAsync("objects");

        var etag = $"\"{report.GetProperty("md5").GetString()}\"";
        foreach (var (algorithm, result) in report.GetProperty("checksums").EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            var said = $"{algorithm}: {result}";
            Assert.True(result.GetProperty("equal").GetBoolean(), said);
            Assert.Equal(etag, result.GetProperty("etag").GetString());
            Assert.Equal("application/x-kumo", result.GetProperty("contentType").GetString());
            Assert.Equal("blue", result.GetProperty("metadata").GetProperty("colour").GetString());
            Assert.Equal("Ann", result.GetProperty("metadata").GetProperty("owner").GetString());
            if (algorithm != "none")
            {
                // The server computed the same checksum the client sent, stored it and gives it back with the body.
                Assert.NotNull(result.GetProperty("stored").GetString());
                Assert.Equal(result.GetProperty("stored").GetString(), result.GetProperty("returned").GetString());
                if (result.GetProperty("sent").GetString() is { } sent)
                {
                    Assert.Equal(sent, result.GetProperty("stored").GetString());
                }
            }
        }

        Assert.Equal(["none", "CRC32", "CRC32C", "SHA1", "SHA256"], report.GetProperty("checksums").EnumerateObject().Select(p => p.Name));
        Assert.Equal(etag, report.GetProperty("contentMd5Etag").GetString());
        Assert.Equal("BadDigest", report.GetProperty("badMd5").GetString());
        Assert.False(report.GetProperty("badMd5Stored").GetBoolean(), "an upload with a wrong Content-MD5 was stored");
        Assert.Equal("bytes 1000-1999/300000", report.GetProperty("range").GetProperty("contentRange").GetString());
        Assert.True(report.GetProperty("range").GetProperty("equal").GetBoolean());
        Assert.Equal(etag, report.GetProperty("copy").GetProperty("etag").GetString());
        Assert.Equal(300_000, report.GetProperty("copy").GetProperty("length").GetInt64());
        Assert.Equal("blue", report.GetProperty("copy").GetProperty("metadata").GetProperty("colour").GetString());
        Assert.Equal(["data/CRC32.bin", "data/SHA1.bin"], Strings(report.GetProperty("deleted")));
        Assert.Equal(
            ["copies/plain copy.bin", "data/CRC32C.bin", "data/SHA256.bin", "data/md5.bin", "data/plain.bin"],
            Strings(report.GetProperty("left")));
        var presigned = report.GetProperty("presigned");
        Assert.Equal(200, presigned.GetProperty("status").GetInt32());
        Assert.True(presigned.GetProperty("equal").GetBoolean(), presigned.ToString());
    }

    [Fact]
    public async Task ListObjectsV2_25KeysTenAtATime_PagesWithAndWithoutDelimiter()
    {
        var report = await RunAsync("paginate");

        var delimited = report.GetProperty("delimited").EnumerateArray().ToList();
        Assert.Equal([10, 10, 3], delimited.Select(p => p.GetProperty("keyCount").GetInt32()));
        Assert.Equal([true, true, false], delimited.Select(p => p.GetProperty("truncated").GetBoolean()));
        Assert.All(delimited, p => Assert.Equal(10, p.GetProperty("maxKeys").GetInt32()));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"k/{i:00}"), delimited.SelectMany(p => Strings(p.GetProperty("keys"))));
        Assert.Equal(["k/sub1/", "k/sub2/", "k/sub3/"], delimited.SelectMany(p => Strings(p.GetProperty("prefixes"))));

        var flat = report.GetProperty("flat").EnumerateArray().ToList();
        Assert.Equal([10, 10, 5], flat.Select(p => p.GetProperty("keyCount").GetInt32()));
        Assert.Equal(
            [.. Enumerable.Range(0, 20).Select(i => $"k/{i:00}"), "k/sub1/a", "k/sub1/b", "k/sub2/c", "k/sub3/d", "k/sub3/e"],
            flat.SelectMany(p => Strings(p.GetProperty("keys"))));
    }

    [Fact]
    public async Task Errors_RaisedAsBoto3sOwnClasses()
    {
        var report = await RunAsync("errors");

        foreach (var (name, status) in new[] { ("NoSuchKey", 404), ("NoSuchBucket", 404), ("BucketAlreadyOwnedByYou", 409) })
        {
            var error = report.GetProperty(name);
            Assert.True(error.ValueKind == JsonValueKind.Object, $"{name}: the call succeeded");
            Assert.Equal(name, error.GetProperty("code").GetString());
            Assert.Equal(status, error.GetProperty("status").GetInt32());
            Assert.True(error.GetProperty("modeled").GetBoolean(), $"{name} was not raised as s3.exceptions.{name}: {error}");
        }

        // HeadObject has no body: boto3 names the error by its status, as it does against AWS.
        Assert.Equal("404", report.GetProperty("HeadObject").GetProperty("code").GetString());
    }

    [Fact]
    public async Task EmptyObject_ThenMoreRequests_NoneHangs()
    {
        var report = await RunAsync("empty");

        Assert.False(report.TryGetProperty("failure", out var failure), failure.ToString());
        Assert.Equal([0L, 19L, 0L], report.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal("after the empty one", report.GetProperty("after").GetString());
    }

    [Fact]
    public async Task Multipart_EveryCall_JoinsPartsCopiesRangesAndAnswersS3sErrors()
    {
        var report = await RunAsync("multipart");

        var partETags = Strings(report.GetProperty("partETags")).ToList();
        var completed = report.GetProperty("completed");
        var md5s = Strings(completed.GetProperty("md5s")).ToList();
        Assert.Equal(md5s.Select(m => $"\"{m}\""), partETags);
        Assert.Equal(
            [(1, 5L * 1024 * 1024), (2, 5L * 1024 * 1024), (3, 1000L)],
            report.GetProperty("listedParts").EnumerateArray().Select(p => (p.GetProperty("number").GetInt32(), p.GetProperty("size").GetInt64())));
        Assert.Equal(partETags, report.GetProperty("listedParts").EnumerateArray().Select(p => p.GetProperty("etag").GetString()));
        var upload = Assert.Single(report.GetProperty("uploads").EnumerateArray());
        Assert.Equal(("joined.bin", report.GetProperty("uploadId").GetString()), (upload.GetProperty("key").GetString(), upload.GetProperty("uploadId").GetString()));

        var expectedETag = $"\"{Convert.ToHexStringLower(MD5.HashData(md5s.SelectMany(Convert.FromHexString).ToArray()))}-3\"";
        Assert.Equal(expectedETag, completed.GetProperty("etag").GetString());
        Assert.Equal(expectedETag, completed.GetProperty("getETag").GetString());
        Assert.True(completed.GetProperty("equal").GetBoolean(), "the object is not its parts joined");
        Assert.True(completed.GetProperty("part2Equal").GetBoolean(), "GetObject PartNumber=2 is not the copied range");
        Assert.Equal(3, completed.GetProperty("partsCount").GetInt32());
        Assert.Equal("application/x-kumo", completed.GetProperty("contentType").GetString());
        Assert.Equal("green", completed.GetProperty("metadata").GetProperty("colour").GetString());

        foreach (var (code, status) in new[] { ("InvalidPart", 400), ("EntityTooSmall", 400), ("NoSuchUpload", 404), ("InvalidPartOrder", 400) })
        {
            var error = report.GetProperty("errors").GetProperty(code);
            Assert.True(error.ValueKind == JsonValueKind.Object, $"{code}: the call succeeded");
            Assert.Equal((code, status), (error.GetProperty("code").GetString(), error.GetProperty("status").GetInt32()));
        }

        Assert.True(report.GetProperty("errors").GetProperty("NoSuchUpload").GetProperty("modeled").GetBoolean(), "NoSuchUpload was not raised as s3.exceptions.NoSuchUpload");
        Assert.Equal("NoSuchUpload", report.GetProperty("afterComplete").GetProperty("code").GetString());
        var afterAbort = report.GetProperty("afterAbort");
        Assert.Equal("NoSuchUpload", afterAbort.GetProperty("uploadPart").GetProperty("code").GetString());
        Assert.Empty(afterAbort.GetProperty("uploads").EnumerateArray());
        Assert.Equal("404", afterAbort.GetProperty("object").GetProperty("code").GetString());

        var checksums = report.GetProperty("checksums");
        Assert.Equal(Strings(checksums.GetProperty("expectedParts")), Strings(checksums.GetProperty("parts")));
        Assert.Equal(checksums.GetProperty("expectedObject").GetString(), checksums.GetProperty("object").GetString());
        Assert.Equal(checksums.GetProperty("expectedObject").GetString(), checksums.GetProperty("returned").GetString());
        Assert.True(checksums.GetProperty("equal").GetBoolean());

        var transfer = report.GetProperty("transfer");
        Assert.True(transfer.GetProperty("equal").GetBoolean(), "upload_file then download_file did not give the same bytes back");
        Assert.EndsWith("-3\"", transfer.GetProperty("etag").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAsync(string scenario)
    {
        var bucket = S3Server.NewBucketName("boto3-" + scenario);
        var run = await ClientProcess.RunAsync(ClientTools.Python, [Script, scenario, bucket], server.ClientEnvironment, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, $"s3_boto3.py {scenario} exited {run.ExitCode}: {run.Stderr}{run.Stdout}");
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);
}

using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kumo.Testing;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// The aws CLI against Kumo's S3 API, as a user types it: the high-level <c>aws s3</c> commands (mb, cp, ls, sync,
/// rm, rb, presign) and <c>aws s3api</c> calls, with S3's error codes as the CLI prints them.
/// </summary>
public sealed class AwsCliS3Tests(S3Server server) : IClassFixture<S3Server>, IDisposable
{
    private const string UnicodeKey = "dir/héllo wörld ✓ 日本.txt";

    private readonly DirectoryInfo _work = Directory.CreateDirectory(server.Temp.Combine("cli-" + Guid.NewGuid().ToString("N")[..8]));

    private AwsS3Cli Cli => new(server, _work.FullName);

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task S3Commands_MbCpLsSyncRmRb_RoundTripEverything()
    {
        var bucket = S3Server.NewBucketName("cli");
        var file = Write("upload.txt", "hello from the aws CLI\n");
        Write("tree/a.txt", "a");
        Write("tree/sub/b.txt", "bb");
        Write("tree/sub/deeper/c d.txt", "ccc");
        Write("tree/ü/é.txt", "dddd");

        Assert.Contains($"make_bucket: {bucket}", await Cli.OkAsync("s3", "mb", $"s3://{bucket}"), StringComparison.Ordinal);
        await Cli.OkAsync("s3", "cp", file, $"s3://{bucket}/{UnicodeKey}", "--no-progress");
        await Cli.OkAsync("s3", "cp", file, $"s3://{bucket}/top.txt", "--no-progress");
        await Cli.OkAsync("s3", "cp", $"s3://{bucket}/{UnicodeKey}", "downloaded.txt", "--no-progress");
        var synced = await Cli.OkAsync("s3", "sync", "tree", $"s3://{bucket}/tree", "--no-progress");
        var syncedAgain = await Cli.OkAsync("s3", "sync", "tree", $"s3://{bucket}/tree", "--no-progress");

        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(_work.FullName, "downloaded.txt")));
        Assert.Equal(4, Lines(synced).Count(l => l.StartsWith("upload: ", StringComparison.Ordinal)));
        Assert.True(syncedAgain.Trim().Length == 0, $"a second sync of an unchanged tree copied something: {syncedAgain}");
        Assert.Contains(bucket, S3LsLine.Parse(await Cli.OkAsync("s3", "ls")).Select(l => l.Name));
        var top = S3LsLine.Parse(await Cli.OkAsync("s3", "ls", $"s3://{bucket}"));
        Assert.Equal(["PRE dir/", "PRE tree/", "top.txt 23"], top.Select(l => l.ToString()).Order(StringComparer.Ordinal));
        var all = S3LsLine.Parse(await Cli.OkAsync("s3", "ls", $"s3://{bucket}", "--recursive"));
        Assert.Equal(
            [UnicodeKey + " 23", "top.txt 23", "tree/a.txt 1", "tree/sub/b.txt 2", "tree/sub/deeper/c d.txt 3", "tree/ü/é.txt 4"],
            all.Select(l => l.ToString()).Order(StringComparer.Ordinal));

        var removed = await Cli.OkAsync("s3", "rm", $"s3://{bucket}", "--recursive");
        Assert.Equal(6, Lines(removed).Count(l => l.StartsWith("delete: ", StringComparison.Ordinal)));
        Assert.Empty(S3LsLine.Parse(await Cli.OkAsync("s3", "ls", $"s3://{bucket}", "--recursive")));
        Assert.Contains($"remove_bucket: {bucket}", await Cli.OkAsync("s3", "rb", $"s3://{bucket}"), StringComparison.Ordinal);
        Assert.Equal("404", (await Cli.FailsAsync("s3api", "head-bucket", "--bucket", bucket)).Code);
    }

    [Fact]
    public async Task S3Api_PutWithMetadata_HeadRangeAndCopyWithReplacedMetadata()
    {
        var bucket = await MakeBucketAsync("meta");
        var data = new byte[1000];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(Path.Combine(_work.FullName, "data.bin"), data);
        const string Key = "docs/report 1.bin";

        await Cli.JsonAsync("s3api", "put-object", "--bucket", bucket, "--key", Key, "--body", "data.bin",
            "--metadata", "colour=blue,Owner=Ann", "--content-type", "application/x-kumo-test");
        var head = await Cli.JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", Key);
        var range = await Cli.JsonAsync("s3api", "get-object", "--bucket", bucket, "--key", Key, "--range", "bytes=100-199", "part.bin");
        await Cli.JsonAsync("s3api", "copy-object", "--bucket", bucket, "--key", "copy.bin", "--copy-source", $"{bucket}/{Key}",
            "--metadata-directive", "REPLACE", "--metadata", "colour=red", "--content-type", "text/plain");
        var copied = await Cli.JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "copy.bin");
        var original = await Cli.JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", Key);

        Assert.Equal(1000, head.GetProperty("ContentLength").GetInt64());
        Assert.Equal("application/x-kumo-test", head.GetProperty("ContentType").GetString());
        // S3 lower-cases metadata names; values keep their case.
        Assert.Equal("""{"colour":"blue","owner":"Ann"}""", Compact(head.GetProperty("Metadata")));
        Assert.Equal("bytes 100-199/1000", range.GetProperty("ContentRange").GetString());
        Assert.Equal(100, range.GetProperty("ContentLength").GetInt64());
        Assert.Equal(data[100..200], File.ReadAllBytes(Path.Combine(_work.FullName, "part.bin")));
        Assert.Equal(head.GetProperty("ETag").GetString(), copied.GetProperty("ETag").GetString());
        Assert.Equal("text/plain", copied.GetProperty("ContentType").GetString());
        Assert.Equal("""{"colour":"red"}""", Compact(copied.GetProperty("Metadata")));
        Assert.Equal("""{"colour":"blue","owner":"Ann"}""", Compact(original.GetProperty("Metadata")));
    }

    [Fact]
    public async Task S3Api_DeleteObjects_DeletesTheNamedKeysAndReportsEach()
    {
        var bucket = await MakeBucketAsync("delete");
        Write("three/one.txt", "1");
        Write("three/two words.txt", "2");
        Write("three/three.txt", "3");
        await Cli.OkAsync("s3", "sync", "three", $"s3://{bucket}", "--no-progress");

        var deleted = await Cli.JsonAsync("s3api", "delete-objects", "--bucket", bucket, "--delete",
            """{"Objects":[{"Key":"one.txt"},{"Key":"two words.txt"},{"Key":"never-there"}]}""");
        var left = await Cli.JsonAsync("s3api", "list-objects-v2", "--bucket", bucket);

        // As on S3, deleting a key that does not exist counts as deleted.
        Assert.Equal(["never-there", "one.txt", "two words.txt"], Keys(deleted, "Deleted").Order(StringComparer.Ordinal));
        Assert.False(deleted.TryGetProperty("Errors", out _), deleted.ToString());
        Assert.Equal(["three.txt"], Keys(left, "Contents"));
    }

    [Fact]
    public async Task S3Api_ListObjectsV2_PrefixDelimiterAndPagesJoinUp()
    {
        var bucket = await MakeBucketAsync("list");
        string[] keys = ["logs/2024/a.txt", "logs/2024/b.txt", "logs/2025/c.txt", "logs/d.txt", "logs/e.txt", "logs/f.txt", "logs/g.txt", "other.txt"];
        foreach (var key in keys)
        {
            Write("list/" + key, key);
        }

        await Cli.OkAsync("s3", "sync", "list", $"s3://{bucket}", "--no-progress");

        // --page-size makes the CLI ask for 2 keys at a time (continuation tokens); --max-items cuts its own pages at 3.
        var contents = new List<string>();
        var prefixes = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            List<string> arguments = ["s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "logs/", "--delimiter", "/", "--page-size", "2", "--max-items", "3"];
            if (token is not null)
            {
                arguments.AddRange(["--starting-token", token]);
            }

            var page = await Cli.JsonAsync([.. arguments]);
            contents.AddRange(Keys(page, "Contents"));
            prefixes.AddRange(page.TryGetProperty("CommonPrefixes", out var common) ? common.EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()!) : []);
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Null(token);
        Assert.True(pages >= 2, $"expected more than one page of at most 3 items, got {pages}");
        Assert.Equal(["logs/d.txt", "logs/e.txt", "logs/f.txt", "logs/g.txt"], contents);
        Assert.Equal(["logs/2024/", "logs/2025/"], prefixes);
        var nested = await Cli.JsonAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "logs/2024/");
        Assert.Equal(["logs/2024/a.txt", "logs/2024/b.txt"], Keys(nested, "Contents"));
    }

    [Fact]
    public async Task Presign_FetchedWithHttpClient_200ThenExpired403()
    {
        var bucket = await MakeBucketAsync("presign");
        var file = Write("shared.txt", "shared by a presigned URL");
        await Cli.OkAsync("s3", "cp", file, $"s3://{bucket}/shared file.txt", "--no-progress");

        var url = (await Cli.OkAsync("s3", "presign", $"s3://{bucket}/shared file.txt", "--expires-in", "3600")).Trim();
        var shortLived = (await Cli.OkAsync("s3", "presign", $"s3://{bucket}/shared file.txt", "--expires-in", "1")).Trim();

        using var http = new HttpClient();
        using (var fetched = await http.GetAsync(new Uri(url)))
        {
            Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
            Assert.Equal("shared by a presigned URL", await fetched.Content.ReadAsStringAsync());
        }

        // One second of life, counted from the signing second: refused once it has passed.
        string? refusal = null;
        await Poll.UntilAsync(
            async () =>
            {
                using var answer = await http.GetAsync(new Uri(shortLived));
                refusal = answer.StatusCode == HttpStatusCode.Forbidden ? await answer.Content.ReadAsStringAsync() : null;
                return refusal is not null;
            },
            "the presigned URL with --expires-in 1 to be refused",
            TimeSpan.FromSeconds(10));
        Assert.Contains("<Code>AccessDenied</Code>", refusal, StringComparison.Ordinal);
        Assert.Contains("Request has expired", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_ComeWithS3sCodes()
    {
        var bucket = await MakeBucketAsync("errors");
        var file = Write("keep.txt", "keep");
        await Cli.OkAsync("s3", "cp", file, $"s3://{bucket}/keep.txt", "--no-progress");

        var results = await Task.WhenAll(
            Cli.FailsAsync("s3api", "head-bucket", "--bucket", S3Server.NewBucketName("missing")),
            Cli.FailsAsync("s3api", "get-object", "--bucket", bucket, "--key", "no/such key", "out.bin"),
            Cli.FailsAsync("s3", "rb", $"s3://{bucket}"),
            Cli.FailsAsync("s3", "mb", "s3://Not_A_Valid_Bucket"));

        // HeadBucket has no body, so the CLI names the status instead of a code, as it does against AWS.
        Assert.Equal(("404", "Not Found"), results[0]);
        Assert.Equal("NoSuchKey", results[1].Code);
        Assert.Equal("BucketNotEmpty", results[2].Code);
        Assert.Equal("InvalidBucketName", results[3].Code);
        Assert.Equal(["keep.txt"], Keys(await Cli.JsonAsync("s3api", "list-objects-v2", "--bucket", bucket), "Contents"));
    }

    /// <summary>
    /// The CLI switches to multipart upload above 8 MB (parts of 8 MB) and downloads such objects with ranged GETs in
    /// parallel: the object comes back byte for byte, with the multipart ETag. <c>aws s3 sync</c> does the same for a
    /// large file in a tree, and a second sync finds nothing to copy either way.
    /// </summary>
    [Fact]
    public async Task Cp_FileAboveTheMultipartThreshold_UploadsInPartsAndComesBackByteIdentical()
    {
        var bucket = await MakeBucketAsync("multipart");
        var data = new byte[20 * 1024 * 1024 + 123];
        new Random(9).NextBytes(data);
        var file = Path.Combine(_work.FullName, "big.bin");
        File.WriteAllBytes(file, data);

        await Cli.OkAsync("s3", "cp", file, $"s3://{bucket}/dir/big file.bin", "--no-progress");
        var head = await Cli.JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "dir/big file.bin");
        await Cli.OkAsync("s3", "cp", $"s3://{bucket}/dir/big file.bin", "big-back.bin", "--no-progress");
        var uploads = await Cli.JsonAsync("s3api", "list-multipart-uploads", "--bucket", bucket);

        Assert.Equal(data, File.ReadAllBytes(Path.Combine(_work.FullName, "big-back.bin")));
        Assert.Equal(data.Length, head.GetProperty("ContentLength").GetInt64());
        // 8 MB parts: 8 + 8 + 4 MB and a bit.
        Assert.Equal(ExpectedETag(data, 8 * 1024 * 1024), head.GetProperty("ETag").GetString());
        Assert.EndsWith("-3\"", head.GetProperty("ETag").GetString(), StringComparison.Ordinal);
        Assert.False(uploads.ValueKind == JsonValueKind.Object && uploads.TryGetProperty("Uploads", out _), $"an upload is left in progress: {uploads}");
    }

    [Fact]
    public async Task Sync_TreeWithALargeFile_UploadsAndDownloadsItWhole()
    {
        var bucket = await MakeBucketAsync("sync-large");
        var large = new byte[17 * 1024 * 1024];
        new Random(17).NextBytes(large);
        Directory.CreateDirectory(Path.Combine(_work.FullName, "tree", "media"));
        File.WriteAllBytes(Path.Combine(_work.FullName, "tree", "media", "film.bin"), large);
        Write("tree/notes.txt", "small");

        var up = await Cli.OkAsync("s3", "sync", "tree", $"s3://{bucket}/tree", "--no-progress");
        var again = await Cli.OkAsync("s3", "sync", "tree", $"s3://{bucket}/tree", "--no-progress");
        var down = await Cli.OkAsync("s3", "sync", $"s3://{bucket}/tree", "copy", "--no-progress");
        var listed = S3LsLine.Parse(await Cli.OkAsync("s3", "ls", $"s3://{bucket}", "--recursive"));

        Assert.Equal(2, Lines(up).Count(l => l.StartsWith("upload: ", StringComparison.Ordinal)));
        Assert.True(again.Trim().Length == 0, $"a second sync of an unchanged tree copied something: {again}");
        Assert.Equal(2, Lines(down).Count(l => l.StartsWith("download: ", StringComparison.Ordinal)));
        Assert.Equal(large, File.ReadAllBytes(Path.Combine(_work.FullName, "copy", "media", "film.bin")));
        Assert.Equal("small", File.ReadAllText(Path.Combine(_work.FullName, "copy", "notes.txt")));
        Assert.Equal([$"tree/media/film.bin {large.Length}", "tree/notes.txt 5"], listed.Select(l => l.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task KumoBucketsLs_ListsTheBucketsTheCliMade()
    {
        var first = await MakeBucketAsync("listed-a");
        var second = await MakeBucketAsync("listed-b");

        var kumo = await KumoProcess.RunAsync("buckets", "ls", "--endpoint", server.Endpoint);

        Assert.True(kumo.ExitCode == 0, kumo.Stderr);
        var rows = Lines(kumo.Stdout);
        Assert.Matches(@"^NAME\s+REGION\s+CREATED$", rows[0]);
        Assert.Contains(rows, r => Regex.IsMatch(r, $@"^{first}\s+us-east-1\s+\d{{4}}-\d\d-\d\dT"));
        Assert.Contains(rows, r => Regex.IsMatch(r, $@"^{second}\s+us-east-1\s+\d{{4}}-\d\d-\d\dT"));
    }

    private async Task<string> MakeBucketAsync(string purpose)
    {
        var bucket = S3Server.NewBucketName(purpose);
        await Cli.OkAsync("s3", "mb", $"s3://{bucket}");
        return bucket;
    }

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(_work.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>S3's ETag of <paramref name="data"/> uploaded in parts of <paramref name="partSize"/>: the MD5 of the parts' MD5s, then -{parts}.</summary>
    private static string ExpectedETag(byte[] data, int partSize)
    {
        var parts = data.Chunk(partSize).ToList();
        var md5s = parts.SelectMany(p => MD5.HashData(p)).ToArray();
        return $"\"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{parts.Count}\"";
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Compact(JsonElement element) =>
        JsonSerializer.Serialize(element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value.GetString()));

    private static IEnumerable<string> Keys(JsonElement result, string list) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty(list, out var items)
            ? items.EnumerateArray().Select(i => i.GetProperty("Key").GetString()!)
            : [];
}

using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Kumo.Testing;
using Xunit.Abstractions;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// An object is stored whole or not at all: uploads of 20–50 MB are under way when the server is killed with SIGKILL,
/// and after a restart on the same data directory every listed object has exactly the bytes that were sent, every
/// upload that got its 200 is listed, no upload that was cut is visible (not even as a replacement of an older
/// object), and nothing is left in <c>objects/tmp</c> or as a body no object refers to. The same for the parts of a
/// multipart upload: those acknowledged survive the kill, a cut one does not, and the upload completes afterwards.
/// </summary>
[Collection(ObjectDurabilityCollection.Name)]
public sealed class ObjectDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SigKill = 9;
    private const long MB = 1024 * 1024;
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    private readonly TempDirectory _temp = new();
    private readonly List<KumoProcess> _servers = [];

    private string DataDir => _temp.Combine(".kumo");

    [Fact]
    public async Task PutObject_ServerKilledMidUpload_OnlyWholeObjectsAfterRestart()
    {
        var bucket = S3Server.NewBucketName("durable");
        var first = StartServer();
        using var firstHttp = new HttpClient { BaseAddress = await first.WaitUntilReadyAsync(DataDir), Timeout = TimeSpan.FromMinutes(2) };
        await SendOkAsync(firstHttp, S3Requests.New(HttpMethod.Put, $"/{bucket}"));

        // Finished before the kill: these must all be there afterwards.
        var done = new[] { SeededUpload.Of("done-0", 1, 20 * MB), SeededUpload.Of("done-1", 2, 35 * MB), SeededUpload.Of("done-2", 3, 50 * MB) };
        await Task.WhenAll(done.Select(u => u.StartAsync(firstHttp, bucket)));
        Assert.All(done, u => Assert.True(u.Acknowledged, $"{u.Key} was not stored: {u.Failure}"));

        // Cut mid-flight: each stops half-way and waits; done-0 is being replaced by other bytes.
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = new[]
        {
            SeededUpload.Of("cut-0", 11, 20 * MB, pauseAt: 10 * MB, resume.Task),
            SeededUpload.Of("cut-1", 12, 30 * MB, pauseAt: 15 * MB, resume.Task),
            SeededUpload.Of("cut-2", 13, 50 * MB, pauseAt: 25 * MB, resume.Task),
            SeededUpload.Of("done-0", 14, 40 * MB, pauseAt: 20 * MB, resume.Task),
        };
        var cutting = cut.Select(u => u.StartAsync(firstHttp, bucket)).ToList();
        await Task.WhenAll(cut.Select(u => u.Body.Paused)).WaitAsync(Poll.DefaultDeadline);
        var temporary = Path.Combine(DataDir, "objects", "tmp");
        await Poll.UntilAsync(() => Directory.GetFiles(temporary).Length >= cut.Length, $"the {cut.Length} paused uploads to be in {temporary}");

        // Racing the kill: four uploads side by side, and the kill as soon as the first is answered, when the others
        // are still being received, flushed or committed.
        var racing = new[] { SeededUpload.Of("race-0", 21, 20 * MB), SeededUpload.Of("race-1", 22, 21 * MB), SeededUpload.Of("race-2", 23, 22 * MB), SeededUpload.Of("race-3", 24, 23 * MB) };
        var raced = racing.Select(u => u.StartAsync(firstHttp, bucket)).ToList();
        await Task.WhenAny(raced).WaitAsync(Poll.DefaultDeadline);
        var inTemporary = Directory.GetFiles(temporary).Length;
        Signals.Send(first.Id, SigKill);
        await first.WaitForExitAsync();
        resume.SetResult();
        await Task.WhenAll([.. cutting, .. raced]).WaitAsync(Poll.DefaultDeadline);
        Assert.All(cut, u => Assert.False(u.Acknowledged, $"{u.Key} was stored although its upload was paused half-way"));

        var second = StartServer();
        using var http = new HttpClient { BaseAddress = await second.WaitUntilReadyAsync(DataDir), Timeout = TimeSpan.FromMinutes(2) };
        var listed = await S3Requests.ListAsync(http, bucket);

        output.WriteLine(
            $"killed with {inTemporary} uploads in {temporary}; racing the kill: " +
            string.Join(", ", racing.Select(u => $"{u.Key} {(u.Acknowledged ? "acknowledged" : "not acknowledged")}, {(listed.Any(l => l.Key == u.Key) ? "listed" : "not listed")}")));
        var expected = done.Concat(racing).ToDictionary(u => u.Key);
        var problems = new List<string>();
        foreach (var (key, size, etag) in listed)
        {
            if (!expected.TryGetValue(key, out var upload))
            {
                problems.Add($"{key} is listed, but its upload was cut");
            }
            else if (size != upload.Size || etag != upload.Md5)
            {
                problems.Add($"{key} is listed with {size} bytes and ETag {etag}; {upload.Size} bytes with MD5 {upload.Md5} were sent");
            }
            else
            {
                var md5 = await Md5OfBodyAsync(http, bucket, key);
                if (md5 != upload.Md5)
                {
                    problems.Add($"{key} is listed whole, but its body reads back with MD5 {md5}, not {upload.Md5}");
                }
            }
        }

        problems.AddRange(done.Concat(racing).Where(u => u.Acknowledged && listed.All(l => l.Key != u.Key)).Select(u => $"{u.Key} got its 200 but is not listed"));
        var leftInTemporary = Directory.GetFiles(temporary);
        if (leftInTemporary.Length > 0)
        {
            problems.Add($"{leftInTemporary.Length} files left in {temporary}");
        }

        var bodies = Directory.GetDirectories(Path.Combine(DataDir, "objects"), "??").Sum(shard => Directory.GetFiles(shard).Length);
        if (bodies != listed.Count)
        {
            problems.Add($"{bodies} object bodies on disk for {listed.Count} listed objects");
        }

        second.Signal(Signals.Terminate);
        await second.WaitForExitAsync();
        problems.AddRange(second.ExitCode == 0 ? [] : [$"the restarted server exited with {second.ExitCode} on SIGTERM: {second.Stderr}"]);
        problems.AddRange(_servers.SelectMany(s => ProcessLeaks.FindAlive(s.Marker)).Select(pid => $"process {pid} started by a server is still alive"));
        Assert.True(
            problems.Count == 0,
            string.Join('\n', problems) + $"\nlisted: {string.Join(", ", listed.Select(l => $"{l.Key} {l.Size}"))}; " +
            $"acknowledged: {string.Join(", ", done.Concat(racing).Concat(cut).Where(u => u.Acknowledged).Select(u => u.Key))}");
    }

    [Fact]
    public async Task MultipartUpload_ServerKilledMidPart_WholePartsSurviveAndTheUploadCompletesAfterRestart()
    {
        var bucket = S3Server.NewBucketName("durable-mpu");
        var first = StartServer();
        using var firstHttp = new HttpClient { BaseAddress = await first.WaitUntilReadyAsync(DataDir), Timeout = TimeSpan.FromMinutes(2) };
        await SendOkAsync(firstHttp, S3Requests.New(HttpMethod.Put, $"/{bucket}"));
        var uploadId = (string)(await XmlOkAsync(firstHttp, S3Requests.New(HttpMethod.Post, $"/{bucket}/film.bin?uploads"))).Element(S3 + "UploadId")!;
        var part = $"film.bin?uploadId={uploadId}&partNumber=";

        // Parts 1 and 2 are stored; then part 2 is being replaced and part 3 sent, both cut half-way by the kill.
        var done = new[] { SeededUpload.Of(part + "1", 31, 8 * MB), SeededUpload.Of(part + "2", 32, 6 * MB) };
        foreach (var upload in done)
        {
            await upload.StartAsync(firstHttp, bucket);
            Assert.True(upload.Acknowledged, $"{upload.Key} was not stored: {upload.Failure}");
        }

        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = new[] { SeededUpload.Of(part + "2", 33, 7 * MB, pauseAt: 3 * MB, resume.Task), SeededUpload.Of(part + "3", 34, 9 * MB, pauseAt: 4 * MB, resume.Task) };
        var cutting = cut.Select(u => u.StartAsync(firstHttp, bucket)).ToList();
        await Task.WhenAll(cut.Select(u => u.Body.Paused)).WaitAsync(Poll.DefaultDeadline);
        var temporary = Path.Combine(DataDir, "objects", "tmp");
        await Poll.UntilAsync(() => Directory.GetFiles(temporary).Length >= cut.Length, $"the {cut.Length} paused parts to be in {temporary}");
        Signals.Send(first.Id, SigKill);
        await first.WaitForExitAsync();
        resume.SetResult();
        await Task.WhenAll(cutting).WaitAsync(Poll.DefaultDeadline);
        Assert.All(cut, u => Assert.False(u.Acknowledged, $"{u.Key} was stored although it was cut half-way"));

        var second = StartServer();
        using var http = new HttpClient { BaseAddress = await second.WaitUntilReadyAsync(DataDir), Timeout = TimeSpan.FromMinutes(2) };
        var uploads = await XmlOkAsync(http, S3Requests.New(HttpMethod.Get, $"/{bucket}?uploads"));
        var parts = await XmlOkAsync(http, S3Requests.New(HttpMethod.Get, $"/{bucket}/film.bin?uploadId={uploadId}"));
        var leftInTemporary = Directory.GetFiles(temporary);
        var bodiesAfterRestart = BodiesOnDisk();
        using (var head = await http.SendAsync(S3Requests.New(HttpMethod.Head, $"/{bucket}/film.bin")))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        var last = SeededUpload.Of(part + "3", 35, 1 * MB);
        await last.StartAsync(http, bucket);
        var completion = "<CompleteMultipartUpload>" +
            string.Concat(new[] { done[0], done[1], last }.Select((u, i) => $"<Part><PartNumber>{i + 1}</PartNumber><ETag>\"{u.Md5}\"</ETag></Part>")) +
            "</CompleteMultipartUpload>";
        var completed = await XmlOkAsync(http, S3Requests.New(HttpMethod.Post, $"/{bucket}/film.bin?uploadId={uploadId}", new StringContent(completion)));
        var md5 = await Md5OfBodyAsync(http, bucket, "film.bin");
        var bodiesAfterCompletion = BodiesOnDisk();

        second.Signal(Signals.Terminate);
        await second.WaitForExitAsync();
        Assert.Equal([uploadId], uploads.Elements(S3 + "Upload").Select(u => (string?)u.Element(S3 + "UploadId")));
        Assert.Equal(
            [("1", $"\"{done[0].Md5}\"", 8 * MB), ("2", $"\"{done[1].Md5}\"", 6 * MB)],
            parts.Elements(S3 + "Part").Select(p => ((string)p.Element(S3 + "PartNumber")!, (string)p.Element(S3 + "ETag")!, (long)p.Element(S3 + "Size")!)));
        Assert.Empty(leftInTemporary);
        Assert.Equal(2, bodiesAfterRestart);
        Assert.True(last.Acknowledged, last.Failure);
        var partMd5s = new[] { done[0], done[1], last }.SelectMany(u => Convert.FromHexString(u.Md5)).ToArray();
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(partMd5s))}-3\"", (string?)completed.Element(S3 + "ETag"));
        Assert.Equal(await ExpectedMd5Async((31, 8 * MB), (32, 6 * MB), (35, 1 * MB)), md5);
        Assert.Equal(1, bodiesAfterCompletion);
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(_servers.SelectMany(s => ProcessLeaks.FindAlive(s.Marker)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            _temp.Dispose();
        }
    }

    private KumoProcess StartServer()
    {
        var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir]);
        _servers.Add(server);
        return server;
    }

    private int BodiesOnDisk() => Directory.GetDirectories(Path.Combine(DataDir, "objects"), "??").Sum(shard => Directory.GetFiles(shard).Length);

    private static async Task<XElement> XmlOkAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
            return XElement.Parse(text.Trim());
        }
    }

    /// <summary>The MD5, in lowercase hex, of the bodies of these seeds and sizes one after another.</summary>
    private static async Task<string> ExpectedMd5Async(params (int Seed, long Size)[] bodies)
    {
        using var md5 = MD5.Create();
        await using (var hashing = new CryptoStream(Stream.Null, md5, CryptoStreamMode.Write))
        {
            foreach (var (seed, size) in bodies)
            {
                using var body = new SeededBody(seed, size);
                await body.CopyToAsync(hashing);
            }
        }

        return Convert.ToHexStringLower(md5.Hash!);
    }

    private static async Task SendOkAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<string> Md5OfBodyAsync(HttpClient http, string bucket, string key)
    {
        using var request = S3Requests.New(HttpMethod.Get, $"/{bucket}/{key}");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        return Convert.ToHexStringLower(await MD5.HashDataAsync(body));
    }
}

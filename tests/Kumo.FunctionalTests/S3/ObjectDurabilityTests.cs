using System.Net;
using System.Security.Cryptography;
using Kumo.Testing;
using Xunit.Abstractions;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// An object is stored whole or not at all: uploads of 20–50 MB are under way when the server is killed with SIGKILL,
/// and after a restart on the same data directory every listed object has exactly the bytes that were sent, every
/// upload that got its 200 is listed, no upload that was cut is visible (not even as a replacement of an older
/// object), and nothing is left in <c>objects/tmp</c> or as a body no object refers to.
/// </summary>
[Collection(ObjectDurabilityCollection.Name)]
public sealed class ObjectDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SigKill = 9;
    private const long MB = 1024 * 1024;

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

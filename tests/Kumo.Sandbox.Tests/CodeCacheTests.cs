using System.Security.Cryptography;
using Kumo.Core.Packages;
using Kumo.Sandbox.Code;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>Packages unpacked once, completely, with their executable bits and links, and then run.</summary>
[Collection(SandboxCollection.Name)]
public sealed class CodeCacheTests(DriverFixture fixture) : IDisposable
{
    private const string Bootstrap = """
        #!/usr/bin/python3.11
        import json, os, urllib.request
        base = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime"
        while True:
            with urllib.request.urlopen(f"{base}/invocation/next") as r:
                rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
            body = json.dumps({"data": open("/var/task/data/current").read()}).encode()
            urllib.request.urlopen(urllib.request.Request(f"{base}/invocation/{rid}/response", data=body, method="POST")).read()
        """;

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static string Sha256(MemoryStream zip) => Convert.ToHexStringLower(SHA256.HashData(zip.ToArray()));

    [Fact]
    public async Task GetAsync_UnpacksOnceWithExecutableBitsAndLinks_AndTheCodeRuns()
    {
        using var zip = Zips.Make(
            ("bootstrap", Bootstrap, Zips.File(0b111_101_101)),
            ("data/v1.txt", "version one", Zips.File(0b110_000_000)),
            ("data/current", "v1.txt", Zips.Link));
        var sha = Sha256(zip);
        var cache = new CodeCache(_data.Path, new PackageLimits());
        var opened = 0;
        Task<Stream> Open(CancellationToken _)
        {
            Interlocked.Increment(ref opened);
            return Task.FromResult<Stream>(new MemoryStream(zip.ToArray()));
        }

        var folders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cache.GetAsync(sha, Open, CancellationToken.None)));

        Assert.Single(folders.Distinct());
        Assert.Equal(1, opened);
        var folder = folders[0];
        Assert.True(File.GetUnixFileMode(Path.Combine(folder, "bootstrap")).HasFlag(UnixFileMode.OtherExecute));
        Assert.True(File.GetUnixFileMode(Path.Combine(folder, "data/v1.txt")).HasFlag(UnixFileMode.OtherRead), "the sandbox's user must be able to read every file");
        Assert.Equal("v1.txt", new FileInfo(Path.Combine(folder, "data/current")).LinkTarget);
        Assert.Empty(Directory.EnumerateDirectories(cache.Root, ".tmp-*"));

        var result = (await SandboxRun.InvokeAsync(fixture, DriverFixture.Spec(folder, "provided.al2023", "x"), new { }))[0];
        Assert.True(result.Succeeded, SandboxRun.Describe(result));
        Assert.Equal("version one", SandboxRun.Json(result).GetProperty("data").GetString());
    }

    [Fact]
    public async Task GetAsync_BadPackage_IsRefusedAndLeavesNothing()
    {
        using var zip = Zips.Make(("ok", "x", Zips.File(0b110_100_100)), ("../../evil", "x", Zips.File(0b110_100_100)));
        var cache = new CodeCache(_data.Path, new PackageLimits());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            cache.GetAsync(Sha256(zip), _ => Task.FromResult<Stream>(new MemoryStream(zip.ToArray())), CancellationToken.None));

        Assert.Contains("climbs out of the package", error.Message, StringComparison.Ordinal);
        Assert.True(!Directory.Exists(cache.Root) || !Directory.EnumerateFileSystemEntries(cache.Root).Any(), "a refused package left files behind");
        Assert.False(File.Exists(Path.Combine(_data.Path, "..", "evil")));
    }

    [Fact]
    public void RemoveLeftovers_DeletesInterruptedUnpacking()
    {
        var cache = new CodeCache(_data.Path, new PackageLimits());
        Directory.CreateDirectory(Path.Combine(cache.Root, ".tmp-interrupted", "half"));

        cache.RemoveLeftovers();

        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Root));
    }
}

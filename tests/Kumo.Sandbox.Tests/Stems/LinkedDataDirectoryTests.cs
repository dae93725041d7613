using System.Diagnostics;
using Kumo.Runtimes;
using Kumo.Sandbox.Mounts;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Kumo.Sandbox.Stems;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Sandbox.Tests.Stems;

/// <summary>
/// A data directory reached through a symbolic link (<c>--data-dir /srv/kumo</c> with <c>/srv</c> a link): the mount
/// table names mounts by real paths, so the driver must too, or no code slot is ever found again. And start-up goes on
/// past a leftover bundle it cannot delete.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class LinkedDataDirectoryTests
{
    /// <summary>A custom runtime that answers every event with the function's marker file.</summary>
    private const string Bootstrap = """
        #!/usr/bin/python3.11
        import http.client, os
        host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
        conn = http.client.HTTPConnection(host, int(port))
        while True:
            conn.request("GET", "/2018-06-01/runtime/invocation/next")
            r = conn.getresponse()
            rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
            r.read()
            conn.request("POST", f"/2018-06-01/runtime/invocation/{rid}/response", '"' + open("marker").read().strip() + '"')
            conn.getresponse().read()
        """;

    [Fact]
    public void Layout_OfADataDirectoryThroughALink_NamesItsRealPaths_EvenBeforeItExists()
    {
        using var real = new TempDirectory();
        using var links = new TempDirectory();
        var linked = Path.Combine(links.Path, "srv");
        Directory.CreateSymbolicLink(linked, real.Path);

        var layout = new SandboxLayout(Path.Combine(linked, "kumo"), RuntimeFiles.DefaultDirectory);

        Assert.Equal(Path.Combine(real.Path, "kumo", "sandbox"), layout.Root);
        Assert.Equal(Path.Combine(real.Path, "kumo", "code"), layout.CodeCache);
        Assert.Equal(Path.Combine(real.Path, "kumo", "sandbox", "bundles", "kumo-1", "task"), layout.SlotOf("kumo-1"));
        Assert.Equal(new SandboxLayout(Path.Combine(real.Path, "kumo"), RuntimeFiles.DefaultDirectory).CgroupParent, layout.CgroupParent);
    }

    [Fact]
    public async Task Stem_InADataDirectoryReachedThroughALink_IsSpecialised_AndDisposalLeavesNoMountNorBundle()
    {
        using var real = new TempDirectory();
        using var links = new TempDirectory();
        var linked = Path.Combine(links.Path, "srv");
        Directory.CreateSymbolicLink(linked, real.Path);
        var data = Path.Combine(linked, "kumo");
        var layout = new SandboxLayout(data, RuntimeFiles.DefaultDirectory);
        var driver = new RuncSandboxDriver(new SandboxOptions(), layout, RuntimeCatalog.ForThisMachine(), NullLogger<RuncSandboxDriver>.Instance);
        string? id = null;
        try
        {
            await driver.InitializeAsync(CancellationToken.None);
            using var code = CachedCode.Write(layout, ("bootstrap", Bootstrap, true), ("marker", "through the link", false));
            // As the invoker names it: from the data directory it was given, link and all.
            var spec = code.Spec("provided", "h") with { CodeDirectory = Path.Combine(data, "code", Path.GetFileName(code.Path)) };
            var stem = await driver.CreateStemCellAsync(new StemCellKind(StemCellFit.Generic, 512), CancellationToken.None);
            id = stem.Id;
            try
            {
                await stem.Ready.WaitAsync(TimeSpan.FromSeconds(30));
                var sandbox = await stem.SpecializeAsync(spec, CancellationToken.None);
                var result = await sandbox.InvokeAsync(SandboxRun.Event(new { }), CancellationToken.None);

                Assert.True(result.Succeeded, SandboxRun.Describe(result));
                Assert.Equal("through the link", SandboxRun.Json(result).GetString());
                Assert.Equal(2, MountTable.Under(MountTable.Read(), layout.BundleOf(id)).Count);
            }
            finally
            {
                await stem.DisposeAsync();
            }

            Assert.Empty(MountTable.Under(MountTable.Read(), Path.Combine(real.Path, "kumo")));
            Assert.False(Directory.Exists(layout.BundleOf(id)), "the bundle remains");
            Assert.DoesNotContain(id, await driver.Runc.ListAsync(CancellationToken.None));
            Assert.Equal("through the link", File.ReadAllText(Path.Combine(code.Path, "marker")));
        }
        finally
        {
            await driver.DisposeAsync();
            MountedFolders.UnmountAll(layout.Bundles);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.Bundles));
    }

    [Fact]
    public async Task StartUp_ALeftoverBundleThatCannotBeDeleted_IsKept_AndTheRestIsRemoved()
    {
        using var data = new TempDirectory();
        var layout = new SandboxLayout(data.Path, RuntimeFiles.DefaultDirectory);
        var stuck = layout.BundleOf("kumo-stuck");
        var gone = layout.BundleOf("kumo-gone");
        Directory.CreateDirectory(stuck);
        Directory.CreateDirectory(gone);
        var pinned = Path.Combine(stuck, "pinned");
        File.WriteAllText(pinned, "x");
        File.WriteAllText(Path.Combine(gone, "config.json"), "{}");
        // An immutable file: not even root may delete it, so the bundle cannot be deleted.
        await ChattrAsync("+i", pinned);
        var driver = new RuncSandboxDriver(new SandboxOptions(), layout, RuntimeCatalog.ForThisMachine(), NullLogger<RuncSandboxDriver>.Instance);
        try
        {
            Assert.NotNull(RuncSandboxDriver.DeleteLeftoverBundle(stuck));

            await driver.InitializeAsync(CancellationToken.None);

            Assert.True(File.Exists(pinned));
            Assert.False(Directory.Exists(gone), "a bundle that could be deleted remains");
        }
        finally
        {
            await ChattrAsync("-i", pinned);
            await driver.DisposeAsync();
        }

        Assert.Null(RuncSandboxDriver.DeleteLeftoverBundle(stuck));
        Assert.False(Directory.Exists(stuck));
    }

    private static async Task ChattrAsync(string change, string path)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true })!;
        var error = await chattr.StandardError.ReadToEndAsync();
        await chattr.WaitForExitAsync();
        Assert.True(chattr.ExitCode == 0, $"chattr {change} {path} failed: {error}");
    }
}

using System.Text;
using Kumo.Runtimes;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Sandbox.Tests;

/// <summary>One real runc driver for the sandbox tests, in a temporary data directory.</summary>
public sealed class DriverFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    internal RuncSandboxDriver Driver { get; private set; } = null!;

    internal SandboxLayout Layout { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Layout = new SandboxLayout(_data.Path, RuntimeFiles.DefaultDirectory);
        Driver = new RuncSandboxDriver(new SandboxOptions(), Layout, RuntimeCatalog.ForThisMachine(), NullLogger<RuncSandboxDriver>.Instance);
        await Driver.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Driver.DisposeAsync();
        Assert.Empty(await Driver.Runc.ListAsync(CancellationToken.None));
        Assert.Empty(Kumo.Sandbox.Mounts.MountTable.Under(Kumo.Sandbox.Mounts.MountTable.Read(), Layout.Bundles));
        Assert.Empty(SlirpProcesses());
        _data.Dispose();
    }

    /// <summary>The slirp4netns processes on the machine: only sandboxes with outbound network start them.</summary>
    internal static List<int> SlirpProcesses() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/comm").Trim() == "slirp4netns";
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToList();

    /// <summary>Makes a code directory from (relative path, content, executable) triples.</summary>
    public static TempDirectory Code(params (string Path, string Content, bool Executable)[] files)
    {
        var code = new TempDirectory();
        foreach (var (path, content, executable) in files)
        {
            var full = code.Combine(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content.ReplaceLineEndings("\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (executable)
            {
                File.SetUnixFileMode(full, (UnixFileMode)0b111_101_101);
            }
        }

        return code;
    }

    public static SandboxSpec Spec(TempDirectory code, string runtime, string handler, int memoryMb = 128, double timeoutSeconds = 10) =>
        Spec(code.Path, runtime, handler, memoryMb, timeoutSeconds);

    public static SandboxSpec Spec(string codeDirectory, string runtime, string handler, int memoryMb = 128, double timeoutSeconds = 10) => new()
    {
        FunctionName = "test-function",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:test-function",
        Runtime = runtime,
        Handler = handler,
        CodeDirectory = codeDirectory,
        MemoryMb = memoryMb,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    /// <summary>Checks that nothing of a sandbox remains: no container, no bundle, no cgroup, no process
    /// (its mounts live only in its own mount namespace, which ends with its last process).</summary>
    internal async Task AssertGoneAsync(string sandboxId)
    {
        Assert.DoesNotContain(sandboxId, await Driver.Runc.ListAsync(CancellationToken.None));
        Assert.False(Directory.Exists(Layout.BundleOf(sandboxId)), "the bundle directory remains");
        foreach (var directory in Driver.Cgroups.AllDirectories(Layout.CgroupOf(sandboxId)))
        {
            Assert.False(Directory.Exists(directory), $"the cgroup {directory} remains");
        }

        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                Assert.DoesNotContain(sandboxId, File.ReadAllText(Path.Combine(proc, "cgroup")), StringComparison.Ordinal);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<DriverFixture>
{
    public const string Name = "sandboxes";
}
